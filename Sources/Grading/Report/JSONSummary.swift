import Foundation

/// `--format json`: the run as JSON for other tools (dashboards, LMS uploads, bots): the score,
/// then per exercise its verdict and points and per test its status and failures. Field names
/// are stable; keys are sorted so two runs diff cleanly. Field names, ids and `status` values are
/// English whatever the language; titles are in the report's language.
package struct JSONSummary: Codable, Sendable, Equatable {
    package struct Score: Codable, Sendable, Equatable {
        package var earned: Int
        package var possible: Int
        package var exercisesPassed: Int
        package var exercises: Int
    }

    package struct ExerciseEntry: Codable, Sendable, Equatable {
        package var id: String
        package var chapter: String
        package var title: String
        /// passed, failed, compile error, crashed, timed out, error
        package var status: String
        package var points: Int
        package var pointsPossible: Int
        package var seconds: Double
        package var fromCache: Bool
        package var problem: String?
        package var diagnostics: [String]
        package var tests: [TestEntry]
    }

    package struct TestEntry: Codable, Sendable, Equatable {
        package var suite: String
        package var name: String
        /// passed, failed, interrupted, not run
        package var status: String
        package var seconds: Double
        package var failures: [FailureEntry]
    }

    package struct FailureEntry: Codable, Sendable, Equatable {
        package var message: String
        package var file: String?
        package var line: Int?
    }

    package var course: String
    package var version: String
    package var sources: String
    package var passed: Bool
    package var score: Score
    package var exercises: [ExerciseEntry]

    package init(outcome: GradingOutcome, language: Language = .en) {
        course = outcome.course.id
        version = outcome.course.version
        sources = outcome.plan.sources.rawValue
        passed = outcome.allPassed
        score = Score(earned: outcome.pointsEarned, possible: outcome.pointsPossible,
                      exercisesPassed: outcome.results.filter { $0.verdict == .passed }.count,
                      exercises: outcome.results.count)
        exercises = outcome.results.map { result in
            let exercise = outcome.exercise(result.exerciseID)
            return ExerciseEntry(
                id: result.exerciseID, chapter: exercise?.chapterID ?? "", title: exercise?.title(in: language.courseCode) ?? "",
                status: result.verdict.rawValue, points: result.pointsEarned, pointsPossible: result.pointsPossible,
                seconds: (result.duration * 1000).rounded() / 1000, fromCache: result.fromCache,
                problem: result.problem(in: language), diagnostics: result.diagnostics,
                tests: result.tests.map { test in
                    TestEntry(suite: test.suite, name: test.name, status: test.outcome.rawValue,
                              seconds: (test.duration * 1000).rounded() / 1000,
                              failures: test.failures.map { FailureEntry(message: $0.message.xmlSafe, file: $0.file, line: $0.line) })
                })
        }
    }

    package var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
