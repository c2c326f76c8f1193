// Exercise thread-pipeline: Producers, consumers and join (chapter Queues).
// Read first: Exercises/08-queues/lesson.md, the section on thread-pipeline.
// Check it: swift run grade thread-pipeline    Stuck? swift run grade hint thread-pipeline

import Multitasking

/// A pool of worker threads fed through a `Queue`: producers `submit` items, each worker takes
/// items one by one, transforms them and stores the results, and `join()` waits until every
/// submitted item has been *processed*, not only taken.
public final class WorkPipeline: @unchecked Sendable {
    private let queue = Queue<Int>(maxsize: 8, name: "work")
    private let workerCount: Int
    private let transform: @Sendable (Int) -> Int
    private let lock = Lock(name: "results")
    /// Guarded by `lock`.
    private var stored: [Int] = []

    public init(workers: Int, transform: @escaping @Sendable (Int) -> Int) {
        workerCount = workers
        self.transform = transform
    }

    /// Starts the workers: daemon threads named `worker-0`, `worker-1`, ... that run for the
    /// rest of the program, so nobody has to stop them and the program can still end.
    public func start() throws {
        // TODO: each worker loops for ever: take an item from the queue (waiting for one),
        // transform it, store the result under the lock, and tell the queue the item is done.
    }

    /// Hands `item` to the workers (waits while 8 items are queued). Any thread may call it.
    public func submit(_ item: Int) {
        // TODO: put the item on the queue.
    }

    /// Waits until every item submitted so far has been transformed and its result stored.
    public func join() {
        // TODO: wait until the queue has no unfinished task.
    }

    /// The results stored so far, sorted.
    public var results: [Int] {
        lock.withLock { stored.sorted() }
    }
}

/// Runs one producer thread per list in `producers` (each submits its items in order) into a
/// started pipeline of `workers` workers; waits until the producers are finished and then
/// until every item is processed; returns the sorted results.
public func runPipeline(
    producers: [[Int]], workers: Int, transform: @escaping @Sendable (Int) -> Int
) throws -> [Int] {
    // TODO: start a pipeline, one producer thread per list, join the producers, then the
    // pipeline, and return its results.
    return []
}
