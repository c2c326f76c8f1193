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
    try await withThrowingTaskGroup(of: Void.self) { group in
        var input = source
        for stage in stages {
            let (output, continuation) = AsyncStream.makeStream(of: Int.self)
            group.addTask { [input] in
                // Finished on every way out, an error too: the next stage's loop then ends.
                defer { continuation.finish() }
                for await item in input {
                    continuation.yield(try await stage(item))
                }
            }
            input = output
        }
        // The caller's task is the last consumer: it collects while the stages still work.
        var results: [Int] = []
        for await result in input { results.append(result) }
        // A stage's error, as soon as it is there (leaving the group with it cancels the stages
        // still reading); then cancellation, which may have ended the loops early.
        while try await group.next() != nil {}
        try Task.checkCancellation()
        return results
    }
}
