import Foundation

/// What grading one exercise found. Codable so unchanged exercises are reported from the
/// result cache instead of being rebuilt and re-run.
package struct ExerciseResult: Sendable, Codable, Equatable {
    package enum Verdict: String, Sendable, Codable {
        case passed
        case failed
        case compileError = "compile error"
        case crashed
        case timedOut = "timed out"
        /// The suites did not run as they should: zero tests, fewer tests than they contain,
        /// an early exit. Never a pass.
        case error
        /// ThreadSanitizer saw two threads touch the same memory without synchronisation, or
        /// the runtime's checks found a race between processes; the tests may have passed.
        case dataRace = "data race"
        /// The runtime found threads waiting for each other's locks in a cycle, or locks taken
        /// in opposite orders (a deadlock that can happen even if this run finished).
        case deadlock
        /// The test and everything it started used more memory than the limit, together.
        case outOfMemory = "out of memory"

        /// From best to worst: the verdict of several runs is the worst one.
        static let severity: [Verdict] = [.passed, .failed, .dataRace, .deadlock, .error, .timedOut, .outOfMemory, .crashed, .compileError]

        func isWorse(than other: Verdict) -> Bool {
            Self.severity.firstIndex(of: self)! > Self.severity.firstIndex(of: other)!
        }
    }

    package var exerciseID: String
    package var verdict: Verdict
    package var pointsEarned: Int
    package var pointsPossible: Int
    /// Wall-clock seconds spent running the suites (the build is not counted).
    package var duration: Double
    package var tests: [TestResult]
    /// For a compile error: the compiler's diagnostics (`file:line:column: error: ...`).
    package var diagnostics: [String]
    /// One sentence for anything that is not a plain pass or fail (signal, timeout, count),
    /// worded when it is shown, in the report's language.
    package var problemMessage: Message?
    /// The last part of what the suites printed (capped), for crashes and timeouts.
    package var outputTail: String
    /// True when this result was read from the cache of an earlier, identical run.
    package var fromCache = false
    /// The perturbation seed of the run this result comes from (the failing one, if any run
    /// failed), to replay it with `grade <exercise> --seed S`; nil when the run had none.
    package var seed: UInt64?
    /// How many runs were made (repetitions under perturbation, and the ThreadSanitizer run).
    package var runs = 1
    /// What the concurrency checks found, each as a short report for students: a data race
    /// with the two accesses, a deadlock cycle, a lock-order inversion.
    package var findingMessages: [Message] = []
    /// The figures of the suites' timing checks (`CourseChecks.Timing`), passed or not.
    package var timings: [TimingFigure] = []

    package init(
        exerciseID: String, verdict: Verdict, pointsEarned: Int, pointsPossible: Int, duration: Double,
        tests: [TestResult], diagnostics: [String], problem: Message?, outputTail: String
    ) {
        (self.exerciseID, self.verdict, self.pointsEarned, self.pointsPossible, self.duration) =
            (exerciseID, verdict, pointsEarned, pointsPossible, duration)
        (self.tests, self.diagnostics, self.problemMessage, self.outputTail) = (tests, diagnostics, problem, outputTail)
    }

    /// The problem in `language`.
    package func problem(in language: Language) -> String? { problemMessage?.text(language) }
    /// The problem in English, for instructors' tools (`grade verify`, `grade mutate`) and logs.
    package var problem: String? { problem(in: .en) }

    /// The findings in `language`.
    package func findings(in language: Language) -> [String] { findingMessages.map { $0.text(language) } }
    /// The findings in English, for instructors' tools and logs.
    package var findings: [String] { findings(in: .en) }

    /// The result of an exercise whose module (or one of its suites) did not compile: no test
    /// ran, the compiler's diagnostics say why.
    static func compileError(of exercise: Exercise, diagnostics: [String]) -> ExerciseResult {
        ExerciseResult(
            exerciseID: exercise.id, verdict: .compileError, pointsEarned: 0, pointsPossible: exercise.points,
            duration: 0, tests: [], diagnostics: diagnostics,
            problem: Message(.problemDoesNotCompile, ["module": "\(exercise.module)"]), outputTail: "")
    }

    package var firstFailure: (test: TestResult, failure: TestFailure)? {
        for test in tests { if let failure = test.failures.first { return (test, failure) } }
        return nil
    }
}

/// One test of a suite and how it went.
package struct TestResult: Sendable, Codable, Equatable {
    package enum Outcome: String, Sendable, Codable {
        case passed, failed
        /// It was running when the process crashed or was killed.
        case interrupted
        /// The suite contains it but it never started.
        case notRun = "not run"
    }

    /// The suite target it belongs to, and the type inside it (`Target.Type`).
    package var suite: String
    package var name: String
    package var outcome: Outcome
    package var duration: Double
    package var failures: [TestFailure]
}

/// A failed expectation with where it was written.
package struct TestFailure: Sendable, Codable, Equatable {
    package var message: String
    package var file: String?
    package var line: Int?

    package var place: String? {
        guard let file else { return nil }
        return line.map { "\(file):\($0)" } ?? file
    }
}

/// One timing expectation as measured by a suite: `measured / baseline <= limit`.
package struct TimingFigure: Sendable, Codable, Equatable, CustomStringConvertible {
    package var label: String
    package var ratio: Double
    package var limit: Double
    package var measuredSeconds: Double
    package var baselineSeconds: Double
    package var attempts: Int
    package var passed: Bool

    /// "concurrent vs serial: 0.27x (limit 0.60x; 0.208 s against 0.771 s) passed"
    package var description: String { text(.en) }

    /// The figure in `language` (the label is the suite's, as written).
    package func text(_ language: Language) -> String {
        let words = Localizer(language)
        let tries = attempts > 1 ? words[.timingAttempts, ["count": attempts]] : ""
        // A suite writes a ratio over a zero baseline as the largest finite Double (JSON has no
        // infinity): 309 digits that say nothing. Say why there is no ratio instead.
        let figure = ratio.isFinite && ratio < .greatestFiniteMagnitude
            ? "\(String(format: "%.2f", ratio))x" : words[.timingNoRatio]
        return words[.timingFigure, [
            "label": label, "figure": figure, "limit": String(format: "%.2f", limit),
            "measured": String(format: "%.3f", measuredSeconds), "baseline": String(format: "%.3f", baselineSeconds),
            "attempts": tries, "result": words[passed ? .timingPassed : .timingFailed],
        ]]
    }
}
