/// `Timing`'s measurements for async code: the same ratios, measured in the same run, for work
/// that awaits. (Named `measureAsync` and `ratioAsync` rather than overloads of the synchronous
/// ones, because in an async context Swift would prefer an async overload for every existing
/// call, sync closures included.)
extension Timing {
    /// The wall-clock time `body` takes.
    public static func measureAsync(_ body: () async throws -> Void) async rethrows -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        return clock.now - start
    }

    /// Checks `measured / baseline <= limit`, both measured here one after the other, re-measuring
    /// both while it fails, at most `attempts` times in all.
    public static func ratioAsync(
        _ label: String, atMost limit: Double, attempts: Int = 3,
        of measured: () async throws -> Void, against baseline: () async throws -> Void
    ) async rethrows -> TimingCheck {
        precondition(attempts >= 1 && limit > 0, "Timing.ratioAsync needs attempts >= 1 and a positive limit")
        var check: TimingCheck!
        for attempt in 1...attempts {
            let measuredTime = try await measureAsync(measured)
            let baselineTime = try await measureAsync(baseline)
            check = TimingCheck(label: label, measured: measuredTime, baseline: baselineTime, limit: limit, attempts: attempt)
            if check.passed { break }
        }
        check.record()
        return check
    }

    /// Checks `measured / expected <= limit`, where `expected` is known in advance ("twelve 0.1 s
    /// sleeps in tasks finish within 2x one sleep").
    public static func ratioAsync(
        _ label: String, atMost limit: Double, attempts: Int = 3,
        of measured: () async throws -> Void, against expected: Duration
    ) async rethrows -> TimingCheck {
        precondition(attempts >= 1 && limit > 0 && expected > .zero, "Timing.ratioAsync needs attempts >= 1, a positive limit and a positive expected duration")
        var check: TimingCheck!
        for attempt in 1...attempts {
            check = TimingCheck(label: label, measured: try await measureAsync(measured), baseline: expected, limit: limit, attempts: attempt)
            if check.passed { break }
        }
        check.record()
        return check
    }

    /// For a ratio a suite measures by other means (the time a cancelled task takes to stop,
    /// against a figure of the same run): runs `attempt` (passed its number, from 1) until the
    /// check it returns passes, at most `attempts` times, and records the last check.
    public static func retryingAsync(
        attempts: Int = 3, _ attempt: (Int) async throws -> TimingCheck
    ) async rethrows -> TimingCheck {
        precondition(attempts >= 1, "Timing.retryingAsync needs attempts >= 1")
        var check: TimingCheck!
        for number in 1...attempts {
            check = try await attempt(number)
            check.attempts = number
            if check.passed { break }
        }
        check.record()
        return check
    }
}
