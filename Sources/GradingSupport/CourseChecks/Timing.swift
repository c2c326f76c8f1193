#if canImport(Glibc)
import Glibc
#endif
import Multitasking

/// Timing expectations for the exercise suites, stated as ratios of two durations measured in
/// the same run ("the concurrent version takes at most 0.5x the serial one"), so that a slow or
/// busy machine slows both sides alike. A check that fails is measured again, up to `attempts`
/// times, before it counts as failed: one unlucky scheduling hiccup is not a wrong answer.
///
/// A suite states the expectation and asserts on the result, in either framework:
///
///     let check = Timing.ratio("concurrent vs serial", atMost: 0.5,
///                              of: { downloadConcurrently() }, against: { downloadSerially() })
///     #expect(check.passed, "\(check)")          // Swift Testing
///     XCTAssertTrue(check.passed, "\(check)")     // XCTest
///
/// When the grader runs the suite it names a file in `GRADING_TIMING_PATH`; every check appends
/// its figures there as one JSON line, and the grader shows them with the verdict (terminal and
/// JUnit properties).
public enum Timing {
    /// Environment variable naming the file that checks append their figures to.
    public static let recordPathVariable = "GRADING_TIMING_PATH"

    /// The wall-clock time `body` takes.
    public static func measure(_ body: () throws -> Void) rethrows -> Duration {
        let clock = ContinuousClock()
        return try clock.measure(body)
    }

    /// The wall-clock time `body` takes and the CPU time (user and system, every thread of this
    /// process) spent meanwhile: a busy-waiting loop shows as CPU time close to the wall time.
    public static func measureCPU(_ body: () throws -> Void) rethrows -> (wall: Duration, cpu: Duration) {
        let cpuBefore = processCPUTime()
        let wall = try measure(body)
        return (wall, processCPUTime() - cpuBefore)
    }

    /// Checks `measured / baseline <= limit`, both measured here, re-measuring both while it
    /// fails, at most `attempts` times in all.
    public static func ratio(
        _ label: String, atMost limit: Double, attempts: Int = 3,
        of measured: () throws -> Void, against baseline: () throws -> Void
    ) rethrows -> TimingCheck {
        precondition(attempts >= 1 && limit > 0, "Timing.ratio needs attempts >= 1 and a positive limit")
        var check: TimingCheck!
        for attempt in 1...attempts {
            let measuredTime = try measure(measured)
            let baselineTime = try measure(baseline)
            check = TimingCheck(label: label, measured: measuredTime, baseline: baselineTime, limit: limit, attempts: attempt)
            if check.passed { break }
        }
        check.record()
        return check
    }

    /// Checks `measured / expected <= limit`, where `expected` is known in advance ("ten jobs of
    /// 0.2 s each finish within 2x the longest": `against: .milliseconds(200), atMost: 2`).
    public static func ratio(
        _ label: String, atMost limit: Double, attempts: Int = 3,
        of measured: () throws -> Void, against expected: Duration
    ) rethrows -> TimingCheck {
        precondition(attempts >= 1 && limit > 0 && expected > .zero, "Timing.ratio needs attempts >= 1, a positive limit and a positive expected duration")
        var check: TimingCheck!
        for attempt in 1...attempts {
            check = TimingCheck(label: label, measured: try measure(measured), baseline: expected, limit: limit, attempts: attempt)
            if check.passed { break }
        }
        check.record()
        return check
    }

    static func processCPUTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }
}

/// The outcome of one timing expectation: the figures of its last attempt and the verdict.
public struct TimingCheck: Sendable, Equatable, CustomStringConvertible {
    public var label: String
    public var measured: Duration
    public var baseline: Duration
    /// The largest `measured / baseline` that passes.
    public var limit: Double
    /// How many times it was measured (more than one only when earlier attempts failed).
    public var attempts: Int

    /// The figures of a ratio a suite measures by other means than `Timing.ratio`'s wall clock
    /// (CPU time, figures the student's code reports); `record()` hands them to the grader.
    public init(label: String, measured: Duration, baseline: Duration, limit: Double, attempts: Int) {
        (self.label, self.measured, self.baseline, self.limit, self.attempts) = (label, measured, baseline, limit, attempts)
    }

    public var ratio: Double { measured.seconds / baseline.seconds }
    public var passed: Bool { ratio <= limit }

    /// "concurrent vs serial: 0.52x (0.210 s against 0.401 s), expected at most 0.5x, after 3 attempts"
    public var description: String {
        let tries = attempts == 1 ? "" : ", after \(attempts) attempts"
        return "\(label): \(format(ratio, 2))x (\(format(measured.seconds, 3)) s against \(format(baseline.seconds, 3)) s), expected at most \(format(limit, 2))x\(tries)"
    }

    /// One JSON line for the grader, appended with a single `write` so that lines from
    /// several threads or processes never interleave. A zero baseline is written as the largest
    /// finite ratio: JSON has no infinity.
    public func record() {
        guard let path = getenv(Timing.recordPathVariable).map({ String(cString: $0) }), !path.isEmpty else { return }
        let written = ratio.isFinite ? ratio : Double.greatestFiniteMagnitude
        let line = "{\"label\":\(json(label)),\"ratio\":\(written),\"limit\":\(limit),\"measuredSeconds\":\(measured.seconds),\"baselineSeconds\":\(baseline.seconds),\"attempts\":\(attempts),\"passed\":\(passed)}\n"
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

private func format(_ value: Double, _ decimals: Int) -> String {
    // Hand-written instead of Foundation's String(format:) to keep Foundation out of every suite.
    let scale = (0..<decimals).reduce(1.0) { value, _ in value * 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let fraction = text[text.index(after: dot)...]
        text += String(repeating: "0", count: max(0, decimals - fraction.count))
    }
    return text
}
