import CourseChecks
import Synchronization
import Testing

/// The helpers the suites of the tasks chapter use to measure async code.
struct AsyncChecksTests {
    @Test func theGaugeCountsCallsInFlightAndRemembersThePeak() async {
        let gauge = InFlightGauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<5 {
                group.addTask { await gauge.measure { try? await Task.sleep(for: .milliseconds(100)) } }
            }
        }
        #expect(gauge.peak == 5)
        #expect(gauge.current == 0)
        #expect(gauge.started == 5)
        for _ in 0..<3 { await gauge.measure { try? await Task.sleep(for: .milliseconds(1)) } }
        #expect(gauge.peak == 5, "calls in turn do not raise the peak")
        #expect(gauge.started == 8)
    }

    @Test func aGaugeSeesCallsInTurnOneAtATime() async throws {
        let gauge = InFlightGauge()
        for _ in 0..<4 { try await gauge.measure { try await Task.sleep(for: .milliseconds(5)) } }
        #expect(gauge.peak == 1)
    }

    @Test func runBoundedReturnsWhatTheBodyReturnedOrThrew() async {
        let value = await runBounded(.seconds(5)) { 42 }
        guard case .returned(42) = value else {
            Issue.record("expected .returned(42), got \(value)")
            return
        }
        let error = await runBounded(.seconds(5)) { () async throws -> Int in throw CancellationError() }
        guard case .threw(let message) = error else {
            Issue.record("expected .threw, got \(error)")
            return
        }
        #expect(message == "CancellationError()")
    }

    /// Work that ignores cancellation (`try?` swallows it) and would run for ever: the test must
    /// still go on. Released afterwards, so that it does not outlive this test.
    @Test func runBoundedGivesUpOnWorkThatNeverEnds() async {
        let released = Atomic<Bool>(false)
        defer { released.store(true, ordering: .relaxed) }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await runBounded(.milliseconds(200)) { () async -> Int in
            while !released.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(10)) }
            return 0
        }
        let waited = clock.now - start
        guard case .hung = outcome else {
            Issue.record("expected .hung, got \(outcome)")
            return
        }
        #expect(waited >= .milliseconds(190) && waited < .seconds(3), "runBounded(0.2 s) gave up after \(waited)")
    }

    @Test func runBoundedCancelsTheWorkItGivesUpOn() async {
        let gauge = InFlightGauge()
        let outcome = await runBounded(.milliseconds(100)) {
            try await gauge.measure { try await Task.sleep(for: .seconds(30)) }
        }
        guard case .hung = outcome else {
            Issue.record("expected .hung, got \(outcome)")
            return
        }
        for _ in 0..<100 where gauge.current > 0 { try? await Task.sleep(for: .milliseconds(10)) }
        #expect(gauge.current == 0, "the abandoned work should have been cancelled, so its sleep ends")
    }

    @Test func anAsyncRatioIsMeasuredInOneRunAndDescribed() async {
        let check = await Timing.ratioAsync(
            "one sleep vs two", atMost: 0.8,
            of: { try? await Task.sleep(for: .milliseconds(50)) },
            against: { for _ in 0..<2 { try? await Task.sleep(for: .milliseconds(50)) } })
        #expect(check.passed, "\(check)")
        #expect(check.attempts == 1)
        #expect(check.description.hasPrefix("one sleep vs two: 0."))
        #expect(check.description.contains("expected at most 0.80x"))
    }

    @Test func anAsyncRatioAgainstAKnownDurationFailsAfterEveryAttempt() async {
        let check = await Timing.ratioAsync(
            "a 0.05 s sleep vs 0.01 s", atMost: 2, attempts: 2,
            of: { try? await Task.sleep(for: .milliseconds(50)) }, against: .milliseconds(10))
        #expect(!check.passed)
        #expect(check.attempts == 2)
        #expect(check.description.hasSuffix("expected at most 2.00x, after 2 attempts"), "\(check)")
    }

    @Test func retryingStopsAtTheFirstPassingAttempt() async {
        var seen: [Int] = []
        let check = await Timing.retryingAsync(attempts: 3) { attempt in
            seen.append(attempt)
            return TimingCheck(label: "attempt \(attempt)", measured: .milliseconds(attempt == 2 ? 10 : 100),
                               baseline: .milliseconds(50), limit: 1, attempts: 1)
        }
        #expect(seen == [1, 2])
        #expect(check.passed)
        #expect(check.attempts == 2)
        #expect(check.description == "attempt 2: 0.20x (0.010 s against 0.050 s), expected at most 1.00x, after 2 attempts")
    }
}
