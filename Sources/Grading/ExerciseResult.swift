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
