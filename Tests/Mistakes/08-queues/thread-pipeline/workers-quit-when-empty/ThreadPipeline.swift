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
        for index in 0..<workerCount {
            try Thread(name: "worker-\(index)", daemon: true) { [self] in
                // Work until there is nothing left to do.
                while let item = try? queue.getNowait() {
                    let result = transform(item)
                    lock.withLock { stored.append(result) }
                    try queue.taskDone()
                }
            }.start()
        }
    }

    /// Hands `item` to the workers (waits while 8 items are queued). Any thread may call it.
    public func submit(_ item: Int) {
        queue.put(item)
    }

    /// Waits until every item submitted so far has been transformed and its result stored.
    public func join() {
        queue.join()
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
    let pipeline = WorkPipeline(workers: workers, transform: transform)
    try pipeline.start()
    let threads = producers.enumerated().map { index, items in
        Thread(name: "producer-\(index)") {
            for item in items { pipeline.submit(item) }
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
    pipeline.join()
    return pipeline.results
}
