import CooperativeCancellation
import CourseChecks
import Synchronization
import Testing

/// Serialized: the promptness tests compare durations, which tests running beside them would disturb.
@Suite(.serialized) struct CooperativeCancellationTests {
    @Test func checksumAddsEveryBlockAndClosesTheScratchpad() async {
        let scratch = CountingScratchpad()
        let outcome = await runBounded(.seconds(5)) { try await checksum(blocks: 20, scratch: scratch) { $0 * $0 } }
        guard case .returned(let sum) = outcome else {
            Issue.record("checksum(blocks: 20) of squares did not return within 5 s: \(outcome)")
            return
        }
        #expect(sum == (0..<20).reduce(0) { $0 + $1 * $1 }, "the checksum of the squares 0...19 is 2470, not \(sum)")
        #expect(scratch.opens == 1 && scratch.closes == 1, "the scratchpad should be opened once and closed once; it was opened \(scratch.opens) and closed \(scratch.closes) times")
    }

    /// Cancellation promptness: cancelled 0.05 s into 0.5 s of blocks, checksum stops within a
    /// few blocks (measured against the whole run, in this run), throws CancellationError, and
    /// still closes its scratchpad.
    @Test func aCancelledChecksumStopsSoonAndStillCleansUp() async {
        let blocks = 250
        let crunch: @Sendable (Int) -> Int = { block in spin(for: .milliseconds(2)); return block }
        var scratch = CountingScratchpad()
        var crunched = Tally()
        var outcome: BoundedOutcome<Int> = .hung
        let check = await Timing.retryingAsync { _ in
            let full = await Timing.measureAsync {
                _ = await runBounded(.seconds(20)) { try await checksum(blocks: blocks, scratch: CountingScratchpad(), crunch: crunch) }
            }
            scratch = CountingScratchpad()
            crunched = Tally()
            let clock = ContinuousClock()
            let start = clock.now
            let work = Task { [scratch, crunched] in
                try await checksum(blocks: blocks, scratch: scratch) { block in
                    crunched.add()
                    return crunch(block)
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
            work.cancel()
            outcome = await runBounded(.seconds(20)) { try await work.value }
            return TimingCheck(label: "checksum cancelled after 0.05 s vs the whole checksum", measured: clock.now - start,
                               baseline: full, limit: 0.4, attempts: 1)
        }
        #expect(check.passed, """
            \(check): crunch never suspends, so nothing stops the loop unless it looks: \
            `try Task.checkCancellation()` (or `Task.isCancelled`) before every block
            """)
        guard case .threw(let error) = outcome else {
            Issue.record("a cancelled checksum should throw CancellationError; it gave \(outcome) after crunching \(crunched.count) of \(blocks) blocks")
            return
        }
        #expect(error == "\(CancellationError())", "a cancelled checksum should throw CancellationError, not \(error)")
        #expect(scratch.closes == 1, """
            the cancelled checksum left its scratchpad \(scratch.closes == 0 ? "open" : "closed \(scratch.closes) times"): \
            the clean-up must run on the cancelled path too (`defer { scratch.close() }` right after opening)
            """)
    }

    @Test func aChecksumCancelledBeforeItStartsCrunchesNothing() async {
        let scratch = CountingScratchpad()
        let crunched = Tally()
        let outcome = await runBounded(.seconds(5)) {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await checksum(blocks: 10, scratch: scratch) { block in
                crunched.add()
                return block
            }
        }
        let blocks = crunched.count
        #expect(blocks == 0, "checksum in a task cancelled before it began crunched \(blocks) block(s): check before the first block too")
        #expect(scratch.opens == scratch.closes, "the scratchpad was opened \(scratch.opens) and closed \(scratch.closes) times")
        if case .threw(let error) = outcome {
            #expect(error == "\(CancellationError())", "a cancelled checksum should throw CancellationError, not \(error)")
        } else {
            Issue.record("checksum in a cancelled task should throw CancellationError; it gave \(outcome)")
        }
    }

    @Test func anUncancelledPrintPrintsEveryPage() async {
        let outcome = await runBounded(.seconds(5)) { await printDocument(on: Printer(pages: 5, perPage: .milliseconds(10))) }
        guard case .returned(let pages) = outcome else {
            Issue.record("printing 5 pages of 0.01 s did not end within 5 s: \(outcome)")
            return
        }
        #expect(pages == 5, "printDocument should print all 5 pages when nobody cancels it; it printed \(pages)")
    }

    /// The printer cannot see task cancellation; a cancellation handler tells it. Measured
    /// against the whole print, in this run.
    @Test func aCancelledPrintStopsThePrinterAtOnce() async {
        var outcome: BoundedOutcome<Int> = .hung
        let check = await Timing.retryingAsync { _ in
            let printer = Printer(pages: 50, perPage: .milliseconds(20))
            let clock = ContinuousClock()
            let start = clock.now
            let job = Task { await printDocument(on: printer) }
            try? await Task.sleep(for: .milliseconds(100))
            job.cancel()
            outcome = await runBounded(.seconds(10)) { await job.value }
            return TimingCheck(label: "print cancelled after 0.1 s vs the whole print", measured: clock.now - start,
                               baseline: .seconds(1), limit: 0.4, attempts: 1)
        }
        guard case .returned(let pages) = outcome else {
            Issue.record("a cancelled printDocument did not return within 10 s: \(outcome)")
            return
        }
        #expect(check.passed, """
            \(check), \(pages) of 50 pages printed. While printDocument waits in `printer.run()` nobody looks at \
            Task.isCancelled: `withTaskCancellationHandler { ... } onCancel: { printer.stop() }` tells the printer the moment the task is cancelled
            """)
        #expect(pages < 50, "the print was cancelled after 0.1 s of 1 s, yet all 50 pages were printed")
    }
}

/// Spins (without suspending) for `duration`: slow work that cannot notice cancellation.
func spin(for duration: Duration) {
    let end = ContinuousClock.now + duration
    while ContinuousClock.now < end {}
}

/// A count several tasks add to.
final class Tally: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .relaxed) }
    func add() { value.wrappingAdd(1, ordering: .relaxed) }
}

/// Counts its opens and closes.
final class CountingScratchpad: Scratchpad {
    private let opened = Atomic<Int>(0)
    private let closed = Atomic<Int>(0)

    var opens: Int { opened.load(ordering: .relaxed) }
    var closes: Int { closed.load(ordering: .relaxed) }

    func open() { opened.wrappingAdd(1, ordering: .relaxed) }
    func close() { closed.wrappingAdd(1, ordering: .relaxed) }
}
