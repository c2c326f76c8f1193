import Foundation

/// What grading one exercise found. Codable so unchanged exercises are reported from the
/// result cache instead of being rebuilt and re-run.
public struct ExerciseResult: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
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

    public var exerciseID: String
    public var verdict: Verdict
    public var pointsEarned: Int
    public var pointsPossible: Int
    /// Wall-clock seconds spent running the suites (the build is not counted).
    public var duration: Double
    public var tests: [TestResult]
    /// For a compile error: the compiler's diagnostics (`file:line:column: error: ...`).
    public var diagnostics: [String]
    /// One sentence for anything that is not a plain pass or fail (signal, timeout, count).
    public var problem: String?
    /// The last part of what the suites printed (capped), for crashes and timeouts.
    public var outputTail: String
    /// True when this result was read from the cache of an earlier, identical run.
    public var fromCache = false
    /// The perturbation seed of the run this result comes from (the failing one, if any run
    /// failed), to replay it with `grade <exercise> --seed S`; nil when the run had none.
    public var seed: UInt64?
    /// How many runs were made (repetitions under perturbation, and the ThreadSanitizer run).
    public var runs = 1
    /// What the concurrency checks found, each as a short report for students: a data race
    /// with the two accesses, a deadlock cycle, a lock-order inversion.
    public var findings: [String] = []
    /// The figures of the suites' timing checks (`CourseChecks.Timing`), passed or not.
    public var timings: [TimingFigure] = []

    /// The result of an exercise whose module (or one of its suites) did not compile: no test
    /// ran, the compiler's diagnostics say why.
    static func compileError(of exercise: Exercise, diagnostics: [String]) -> ExerciseResult {
        ExerciseResult(
            exerciseID: exercise.id, verdict: .compileError, pointsEarned: 0, pointsPossible: exercise.points,
            duration: 0, tests: [], diagnostics: diagnostics,
            problem: "\(exercise.module) does not compile", outputTail: "")
    }

    public var firstFailure: (test: TestResult, failure: TestFailure)? {
        for test in tests { if let failure = test.failures.first { return (test, failure) } }
        return nil
    }
}

/// One test of a suite and how it went.
public struct TestResult: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        case passed, failed
        /// It was running when the process crashed or was killed.
        case interrupted
        /// The suite contains it but it never started.
        case notRun = "not run"
    }

    /// The suite target it belongs to, and the type inside it (`Target.Type`).
    public var suite: String
    public var name: String
    public var outcome: Outcome
    public var duration: Double
    public var failures: [TestFailure]
}

/// A failed expectation with where it was written.
public struct TestFailure: Sendable, Codable, Equatable {
    public var message: String
    public var file: String?
    public var line: Int?

    public var place: String? {
        guard let file else { return nil }
        return line.map { "\(file):\($0)" } ?? file
    }
}

/// One timing expectation as measured by a suite: `measured / baseline <= limit`.
public struct TimingFigure: Sendable, Codable, Equatable, CustomStringConvertible {
    public var label: String
    public var ratio: Double
    public var limit: Double
    public var measuredSeconds: Double
    public var baselineSeconds: Double
    public var attempts: Int
    public var passed: Bool

    /// "concurrent vs serial: 0.27x (limit 0.60x; 0.208 s against 0.771 s) passed"
    public var description: String { text(.en) }

    /// The figure in `language` (the label is the suite's, as written).
    public func text(_ language: Language) -> String {
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
