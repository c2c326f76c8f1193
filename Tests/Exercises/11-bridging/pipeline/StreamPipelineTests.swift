import CourseChecks
import StreamPipeline
import Synchronization
import Testing

/// The pipeline's promises, each under stages that really suspend: every item through every
/// stage in order; the stages busy at the same time (counted by the stages themselves, not
/// timed); the result once the source ends; nothing left running after an error or a
/// cancellation; and no thread of the cooperative pool blocked on the way.
@Suite struct StreamPipelineTests {
    /// Uneven stages (the first is the fastest, the last the slowest) and a source that is all
    /// there at once: a pipeline that holds items back with a blocking wait has to wait here.
    @Test func everyItemGoesThroughEveryStageInOrder() async {
        let stages = TestStages(work: [.zero, .milliseconds(1), .zero, .milliseconds(3)])
        let check = await forbidBlockingThePool {
            await runBounded(.seconds(10)) {
                try await runPipeline(finishedSource(0..<60), through: stages.stages)
            }
        }
        if case .hung = check.value {
            Issue.record("""
                the source gave 60 items and ended, but runPipeline did not return within 10 s: when a stage's \
                input ends, finish its output continuation, or the stage after it waits for more for ever
                """)
            return
        }
        let expected = stages.expected(0..<60)
        let right = check.value == .returned(expected)
        #expect(right, """
            60 items through 4 stages (x*2, x+3, x*5, x-1, in that order) should give every item's \
            result in the order of the source, \(expected.prefix(4))... \(expected.suffix(2)); runPipeline gave \
            \(summary(of: check.value))
            """)
        #expect(stages.calls == [60, 60, 60, 60], "each of the 4 stages should be called once per item (60); they were called \(stages.calls) times")
        if !check.passed { Issue.record("\(check.message(function: "runPipeline(_:through:)"))") }
    }

    /// Four stages of 5 ms per item: in a pipeline, once it has filled, every stage is on an
    /// item of its own. Stages run one after another are never busy two at a time.
    @Test func theStagesWorkAtTheSameTime() async {
        var mostBusy = 0
        for _ in 0..<3 where mostBusy < 3 {
            let stages = TestStages(work: Array(repeating: .milliseconds(5), count: 4))
            let outcome = await runBounded(.seconds(10)) {
                try await runPipeline(finishedSource(0..<24), through: stages.stages)
            }
            guard case .returned = outcome else {
                Issue.record("24 items through 4 stages of 5 ms should end within 10 s; runPipeline gave \(outcome)")
                return
            }
            mostBusy = max(mostBusy, stages.mostStagesBusyAtOnce)
        }
        #expect(mostBusy >= 3, """
            of 4 stages of 5 ms per item, at most \(mostBusy) were busy at the same time (in 3 runs of 24 items): \
            the stages ran one after another. Start a child task for every stage before any result is \
            awaited, and let each one hand its items on through a stream as they are done
            """)
    }

    /// The source ends after 10 items that come 5 ms apart: the pipeline's result must follow,
    /// which only happens if every stage's stream is finished when its input ends.
    @Test func endsWhenTheSourceEnds() async {
        let stages = TestStages(work: Array(repeating: .milliseconds(1), count: 3))
        let (source, feed) = AsyncStream.makeStream(of: Int.self)
        let feeder = Task {
            for item in 0..<10 {
                feed.yield(item)
                try? await Task.sleep(for: .milliseconds(5))
            }
            feed.finish()
        }
        let outcome = await runBounded(.seconds(5)) { try await runPipeline(source, through: stages.stages) }
        await feeder.value
        #expect(outcome == .returned(stages.expected(0..<10)), """
            the source gave 10 items and ended, so runPipeline should return their 10 results; it gave \
            \(outcome). When a stage's input ends, finish its output continuation, or the stage after it \
            waits for more for ever
            """)
        #expect(stages.busyNow == 0, "runPipeline returned while \(stages.busyNow) stage calls were still running: wait for the group before returning")
        let empty = await runBounded(.seconds(5)) { try await runPipeline(finishedSource(0..<0), through: stages.stages) }
        #expect(empty == .returned([]), "an empty source should give an empty result at once; runPipeline gave \(empty)")
    }

    /// A source that never ends, cancelled after 0.1 s: the pipeline throws, and no stage is
    /// called any more (a stage left running would go on reading the source).
    @Test func cancellingStopsEveryStage() async {
        let stages = TestStages(work: Array(repeating: .milliseconds(2), count: 4))
        let source = endlessSource(count: 10_000)
        let pipeline = Task { try await runPipeline(source, through: stages.stages) }
        try? await Task.sleep(for: .milliseconds(100))
        pipeline.cancel()
        let outcome = await runBounded(.seconds(5)) { try await pipeline.value }
        guard case .threw(let error) = outcome, error.contains("CancellationError") else {
            Issue.record("a pipeline whose task is cancelled should throw CancellationError within 5 s; it gave \(outcome)")
            return
        }
        await expectNothingRuns(stages, after: "the pipeline's task was cancelled and runPipeline threw")
    }

    /// The third stage throws on item 7 of a source that never ends: the pipeline throws that
    /// error at once, and the stages before it (which could read on for ever) are stopped too.
    @Test func aStagesErrorEndsThePipeline() async {
        let stages = TestStages(work: Array(repeating: .milliseconds(2), count: 4), failing: (stage: 2, item: 7))
        let source = endlessSource(count: 10_000)
        let outcome = await runBounded(.seconds(5)) { try await runPipeline(source, through: stages.stages) }
        #expect(outcome == .threw("\(StageError.failed(item: 7))"), """
            the third stage threw on item 7, so runPipeline should throw its error within 5 s, although the \
            source has more items; it gave \(outcome). Leave the group as soon as a stage throws: \
            `try await group.next()` throws the first error as it comes (waitForAll() waits for every other \
            stage first), and leaving the group cancels the stages still reading
            """)
        await expectNothingRuns(stages, after: "runPipeline threw a stage's error")
    }
}

/// Right after the pipeline ended no stage call may run, and 0.2 s later none may have begun.
private func expectNothingRuns(_ stages: TestStages, after what: String) async {
    let busy = stages.busyNow
    let started = stages.started
    try? await Task.sleep(for: .milliseconds(200))
    let later = stages.started - started
    #expect(busy == 0 && later == 0, """
        \(what), but its stages went on: \(busy) stage calls were running then and \(later) began in the \
        next 0.2 s. Run the stages as child tasks of the group (not Task { }), so that they are \
        cancelled with it and awaited before it returns
        """)
}

/// An outcome short enough to read: a result's count, first and last items.
private func summary(of outcome: BoundedOutcome<[Int]>) -> String {
    guard case .returned(let results) = outcome, results.count > 6 else { return "\(outcome)" }
    return "\(results.count) results, \(results.prefix(4))... \(results.suffix(2))"
}

/// A stream that gives `items` and ends.
private func finishedSource(_ items: Range<Int>) -> AsyncStream<Int> {
    let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
    for item in items { continuation.yield(item) }
    continuation.finish()
    return stream
}

/// A stream that gives `count` items and is never finished.
private func endlessSource(count: Int) -> AsyncStream<Int> {
    let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
    for item in 0..<count { continuation.yield(item) }
    // Kept alive by the stream's termination handler: a dropped continuation would end it.
    continuation.onTermination = { _ in _ = continuation }
    return stream
}

enum StageError: Error, CustomStringConvertible {
    case failed(item: Int)
    var description: String {
        switch self { case .failed(let item): "stage failed on item \(item)" }
    }
}

/// Four stages that do not commute (x*2, x+3, x*5, x-1: any other order gives other results),
/// each suspending for its `work` per item. They count themselves: calls per stage, calls
/// begun, calls running now, and how many *different* stages were busy at one moment (a stage
/// that ran many items at once still counts as one).
final class TestStages: Sendable {
    private static let operations: [@Sendable (Int) -> Int] = [{ $0 * 2 }, { $0 + 3 }, { $0 * 5 }, { $0 - 1 }]
    private let work: [Duration]
    private let failing: (stage: Int, item: Int)?
    /// The calls running now, 8 bits per stage: one atomic word, so a stage reads every other
    /// stage's count in the same load that counts itself in.
    private let running = Atomic<UInt64>(0)
    private let peakStages = Atomic<Int>(0)
    private let begun = Atomic<Int>(0)
    private let perStage = Mutex<[Int]>([])

    init(work: [Duration], failing: (stage: Int, item: Int)? = nil) {
        precondition(work.count <= Self.operations.count)
        (self.work, self.failing) = (work, failing)
        perStage.withLock { $0 = Array(repeating: 0, count: work.count) }
    }

    var stages: [Stage] { work.indices.map { index in { item in try await self.run(stage: index, item) } } }

    /// What the stages give for `items`, in order.
    func expected(_ items: Range<Int>) -> [Int] {
        items.map { item in work.indices.reduce(item) { value, index in Self.operations[index](value) } }
    }

    var calls: [Int] { perStage.withLock { $0 } }
    var started: Int { begun.load(ordering: .sequentiallyConsistent) }
    var busyNow: Int { (0..<8).reduce(0) { $0 + Int((running.load(ordering: .sequentiallyConsistent) >> (8 * UInt64($1))) & 0xff) } }
    var mostStagesBusyAtOnce: Int { peakStages.load(ordering: .sequentiallyConsistent) }

    private func run(stage: Int, _ value: Int) async throws -> Int {
        let item = perStage.withLock { counts in
            defer { counts[stage] += 1 }
            return counts[stage]
        }
        enter(stage)
        defer { leave(stage) }
        if work[stage] > .zero { try await Task.sleep(for: work[stage]) } else { await Task.yield() }
        if let failing, failing == (stage, item) { throw StageError.failed(item: item) }
        return Self.operations[stage](value)
    }

    private func enter(_ stage: Int) {
        begun.wrappingAdd(1, ordering: .sequentiallyConsistent)
        let now = running.wrappingAdd(1 << (8 * UInt64(stage)), ordering: .sequentiallyConsistent).newValue
        let busy = (0..<8).filter { (now >> (8 * UInt64($0))) & 0xff != 0 }.count
        var peak = peakStages.load(ordering: .sequentiallyConsistent)
        while busy > peak {
            let (exchanged, seen) = peakStages.compareExchange(expected: peak, desired: busy, ordering: .sequentiallyConsistent)
            if exchanged { break }
            peak = seen
        }
    }

    private func leave(_ stage: Int) {
        running.wrappingSubtract(1 << (8 * UInt64(stage)), ordering: .sequentiallyConsistent)
    }
}
