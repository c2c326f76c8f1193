// Exercise pipeline: chapter 8's pipeline with a task group and AsyncStreams between the stages.
// Lesson: Exercises/11-bridging/lesson.md, section "pipeline".
// Stuck? `swift run grade hint pipeline` gives one more hint each time you ask.

/// One stage of a pipeline: turns an item into the next stage's item. It may suspend (it is
/// async), and it may throw, `CancellationError` among others when its task is cancelled.
public typealias Stage = @Sendable (Int) async throws -> Int

/// Runs every item of `source` through `stages`, in order, as chapter 8's pipeline did with
/// threads and queues: here every stage is a child task of one task group, and an `AsyncStream`
/// carries the items from each stage to the next.
///
/// - The stages work at the same time: while the last stage is on item 1, the first is already
///   on item 4. No stage waits for the whole output of the stage before it.
/// - Returns every item's result, in the order of `source`.
/// - Each stream ends when the stage that writes it has no more items (its input ended): the
///   stage after it then leaves its loop, and so on down to the result.
/// - When a stage throws, the pipeline throws its error; when the calling task is cancelled, it
///   throws `CancellationError`. Either way, no stage is running once it has thrown.
/// - It never blocks a thread of the cooperative pool: everything in it suspends.
public func runPipeline(_ source: AsyncStream<Int>, through stages: [Stage]) async throws -> [Int] {
    // TODO: in `withThrowingTaskGroup`, add one child task per stage that reads its input stream
    // and yields each result into a stream of its own (the next stage's input); collect the last
    // stream's items here, then wait for the group.
    []
}
