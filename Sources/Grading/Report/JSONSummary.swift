import Foundation

/// `--format json`: the run as JSON for other tools (dashboards, LMS uploads, bots): the score,
/// then per exercise its verdict and points and per test its status and failures. Field names
/// are stable; keys are sorted so two runs diff cleanly. Field names, ids and `status` values are
/// English whatever the language; titles are in the report's language.
public struct JSONSummary: Codable, Sendable, Equatable {
    public struct Score: Codable, Sendable, Equatable {
        public var earned: Int
        public var possible: Int
        public var exercisesPassed: Int
        public var exercises: Int
    }

    public struct ExerciseEntry: Codable, Sendable, Equatable {
        public var id: String
        public var chapter: String
        public var title: String
        /// passed, failed, compile error, crashed, timed out, error
        public var status: String
        public var points: Int
        public var pointsPossible: Int
        public var seconds: Double
        public var fromCache: Bool
        public var problem: String?
        public var diagnostics: [String]
        public var tests: [TestEntry]
    }

    public struct TestEntry: Codable, Sendable, Equatable {
        public var suite: String
        public var name: String
        /// passed, failed, interrupted, not run
        public var status: String
        public var seconds: Double
        public var failures: [FailureEntry]
    }

    public struct FailureEntry: Codable, Sendable, Equatable {
        public var message: String
        public var file: String?
        public var line: Int?
    }

    public var course: String
    public var version: String
    public var sources: String
    public var passed: Bool
    public var score: Score
    public var exercises: [ExerciseEntry]

    public init(outcome: GradingOutcome, language: Language = .en) {
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
                problem: result.problem, diagnostics: result.diagnostics,
                tests: result.tests.map { test in
                    TestEntry(suite: test.suite, name: test.name, status: test.outcome.rawValue,
                              seconds: (test.duration * 1000).rounded() / 1000,
                              failures: test.failures.map { FailureEntry(message: $0.message.xmlSafe, file: $0.file, line: $0.line) })
                })
        }
    }

    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
