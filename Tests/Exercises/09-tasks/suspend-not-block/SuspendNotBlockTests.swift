import CourseChecks
import Glibc
import SuspendNotBlock
import Synchronization
import Testing

/// Serialized: one test fills the cooperative pool with waiters and times them, which other
/// tests running meanwhile would disturb.
@Suite(.serialized) struct SuspendNotBlockTests {
    @Test func returnsTrueOnceReady() async {
        let clock = ContinuousClock()
        let readyAt = clock.now + .milliseconds(150)
        let start = clock.now
        let outcome = await runBounded(.seconds(5)) {
            await waitUntil(every: .milliseconds(20), atMost: .seconds(3)) { ContinuousClock.now >= readyAt }
        }
        let waited = clock.now - start
        guard case .returned(let ready) = outcome else {
            Issue.record("waitUntil did not return within 5 s for a condition true after 0.15 s: \(outcome)")
            return
        }
        #expect(ready, "the condition became true after 0.15 s (limit 3 s), so waitUntil should return true")
        #expect(waited >= .milliseconds(140), "waitUntil returned after \(waited), before the condition could be true")
        #expect(waited < .seconds(1), "waitUntil returned \(waited) after it started, for a condition true after 0.15 s asked every 0.02 s")
    }

    /// Up to three tries for the upper bound: the other async suites of the process share its
    /// pool, and once a resumption came 0.85 s late. Waiting past the limit fails every try.
    @Test func returnsFalseWhenTheLimitPasses() async {
        let clock = ContinuousClock()
        var waited = Duration.zero
        for _ in 1...3 {
            let start = clock.now
            let outcome = await runBounded(.seconds(5)) {
                await waitUntil(every: .milliseconds(30), atMost: .milliseconds(200)) { false }
            }
            waited = clock.now - start
            guard case .returned(let ready) = outcome else {
                Issue.record("waitUntil(atMost: 0.2 s) for a condition that is never true did not return within 5 s: \(outcome)")
                return
            }
            #expect(!ready, "the condition was never true, so waitUntil should return false")
            #expect(waited >= .milliseconds(190), "waitUntil(atMost: 0.2 s) gave up after \(waited): it should wait the whole limit")
            if waited < .seconds(1) { break }
        }
        #expect(waited < .seconds(1), "waitUntil(atMost: 0.2 s) returned only after \(waited), in each of 3 tries")
    }

    @Test func asksAboutOncePerInterval() async {
        let questions = Atomic<Int>(0)
        _ = await runBounded(.seconds(5)) {
            await waitUntil(every: .milliseconds(30), atMost: .milliseconds(300)) {
                questions.wrappingAdd(1, ordering: .relaxed)
                return false
            }
        }
        let asked = questions.load(ordering: .relaxed)
        #expect((4...15).contains(asked), """
            waitUntil(every: 0.03 s, atMost: 0.3 s) asked isReady() \(asked) times; about 11 is right. \
            \(asked > 15 ? "Between two questions sleep the interval with Task.sleep: Task.yield() only lets other tasks run and comes straight back" : "Ask again after every interval until the limit")
            """)
    }

    /// The promise of suspension: while a task sleeps in `Task.sleep`, its thread runs other
    /// tasks. Four times as many waiters as the pool has threads all wait at the same time; a
    /// waiter that blocks its thread (`Thread.sleep`, `usleep`) makes the others wait for it.
    @Test func manyWaitersShareTheCooperativePool() async {
        let waiters = 4 * max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let wait: @Sendable () async -> Bool = {
            let readyAt = ContinuousClock.now + .milliseconds(200)
            return await waitUntil(every: .milliseconds(20), atMost: .seconds(5)) { ContinuousClock.now >= readyAt }
        }
        var together: BoundedOutcome<Bool> = .hung
        let check = await Timing.ratioAsync(
            "\(waiters) waiters at once vs one waiter", atMost: 2.0,
            of: {
                together = await runBounded(.seconds(20)) {
                    await withTaskGroup(of: Bool.self) { group in
                        for _ in 0..<waiters { group.addTask { await wait() } }
                        return await group.reduce(true) { $0 && $1 }
                    }
                }
            },
            against: { _ = await runBounded(.seconds(5)) { await wait() } })
        guard case .returned(true) = together else {
            Issue.record("\(waiters) waiters for a condition true after 0.2 s did not all return true within 20 s: \(together)")
            return
        }
        #expect(check.passed, """
            \(check). Each waiter waits 0.2 s, so all of them together should take about 0.2 s too: \
            wait with `try await Task.sleep(for:)`, which frees the thread, not with a sleep that blocks it
            """)
    }

    @Test func cancellationEndsTheWaitAtOnce() async {
        let interval = Duration.seconds(1)
        var outcome: BoundedOutcome<Bool> = .hung
        let check = await Timing.retryingAsync { _ in
            let clock = ContinuousClock()
            let start = clock.now
            let waiter = Task { await waitUntil(every: interval, atMost: .seconds(3)) { false } }
            try? await Task.sleep(for: .milliseconds(100))
            waiter.cancel()
            outcome = await runBounded(.seconds(5)) { await waiter.value }
            return TimingCheck(label: "cancelled wait vs its interval", measured: clock.now - start,
                               baseline: interval, limit: 0.6, attempts: 1)
        }
        guard case .returned(let ready) = outcome else {
            Issue.record("a cancelled waitUntil did not return within 5 s: \(outcome)")
            return
        }
        #expect(!ready, "a cancelled waitUntil should return false")
        #expect(check.passed, """
            \(check): the task was cancelled 0.1 s into a 1 s interval and should return at once. \
            Task.sleep ends early with CancellationError when its task is cancelled: return false then \
            (a blocking sleep, or `try?` around Task.sleep, sleeps on)
            """)
    }
}
