import Synchronization

/// A fixed set of worker threads that run submitted work, the lesson's thread pool (Python's
/// `concurrent.futures.ThreadPoolExecutor`): start threads once, hand them many small jobs.
///
/// ```swift
/// let pool = ThreadPool(workers: 4, name: "downloads")
/// let page = try pool.submit { try fetch(url) }      // returns at once
/// let sizes = try pool.map(urls) { try fetch($0).count }
/// print(try page.result())                             // waits for that job
/// pool.shutdown()                                      // finishes queued work, ends the workers
/// ```
///
/// Jobs run in the order they were submitted, at most `workers` at a time. The workers are
/// daemon threads, so a pool that is never shut down does not keep the program alive; call
/// `shutdown()` (waiting) to be sure queued work is done.
public final class ThreadPool: @unchecked Sendable {
    public let name: String
    /// The number of worker threads.
    public let workers: Int
    /// `nil` tells a worker to stop; it is queued behind all earlier jobs.
    private let jobs: Queue<(@Sendable () -> Void)?>
    private let threads: [Thread]
    private let state: Lock
    /// Guarded by `state`.
    private var isShutDown = false

    /// A pool of `workers` threads (at least 1), started at once.
    public init(workers: Int, name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        precondition(workers >= 1, "a ThreadPool needs at least 1 worker, not \(workers)")
        let name = name ?? "ThreadPool#\(SerialNumbers.next("ThreadPool")) (\(fileID):\(line))"
        self.name = name
        self.workers = workers
        let jobs = Queue<(@Sendable () -> Void)?>(name: "\(name).jobs")
        self.jobs = jobs
        state = Lock(name: "\(name).state")
        threads = (0..<workers).map { index in
            Thread(name: "\(name)-worker-\(index)", daemon: true) {
                while let job = jobs.get() { job() }
            }
        }
        for thread in threads {
            do {
                try thread.start()
            } catch {
                fatalError("ThreadPool '\(name)': \(error)")
            }
        }
    }

    /// Queues `work` for a worker and returns at once with a handle to its result.
    /// - Throws: `ThreadPoolError.shutDown` after `shutdown()`.
    public func submit<Value: Sendable>(
        _ work: @escaping @Sendable () throws -> Value
    ) throws(ThreadPoolError) -> Future<Value> {
        let future = Future<Value>(pool: name)
        let job: @Sendable () -> Void = {
            let outcome: Result<Value, any Error>
            do { outcome = .success(try work()) } catch { outcome = .failure(error) }
            future.complete(outcome)
        }
        try state.withLock { () throws(ThreadPoolError) in
            guard !isShutDown else { throw .shutDown(pool: name) }
            jobs.put(job)
        }
        return future
    }

    /// Runs `transform` on every item in the pool and returns the results in the items' order
    /// (not the order they finished). If any call throws, the first such error in item order is
    /// rethrown after all calls have finished.
    public func map<Item: Sendable, Value: Sendable>(
        _ items: some Sequence<Item>, _ transform: @escaping @Sendable (Item) throws -> Value
    ) throws -> [Value] {
        let futures = try items.map { item throws(ThreadPoolError) in try submit { try transform(item) } }
        for future in futures { future.wait() }
        return try futures.map { try $0.result() }
    }

    /// Stops accepting work and ends the workers once the work queued so far is done.
    /// With `wait`, returns only when every worker has finished. Calling it again does nothing
    /// more (but still waits, if asked to).
    public func shutdown(wait: Bool = true) {
        let first = state.withLock {
            defer { isShutDown = true }
            return !isShutDown
        }
        if first {
            for _ in threads { jobs.put(nil) }
        }
        if wait {
            for thread in threads { try? thread.join() }
        }
    }

    /// Whether `shutdown()` was called.
    public var isShutdown: Bool { state.withLock { isShutDown } }
}

/// The pending result of work submitted to a `ThreadPool` (Python's `Future`).
public final class Future<Value: Sendable>: @unchecked Sendable {
    private let pool: String
    private let finished: Event
    /// Written once, before `finished` is set; read only after it is.
    private let outcome = Mutex<Result<Value, any Error>?>(nil)

    init(pool: String) {
        self.pool = pool
        finished = Event(name: "\(pool).future")
    }

    /// Whether the work has finished (returned or thrown).
    public var isDone: Bool { finished.isSet }

    /// Waits until the work has finished, or at most `timeout`; returns whether it has.
    @discardableResult
    public func wait(timeout: Duration? = nil) -> Bool {
        finished.wait(timeout: timeout)
    }

    /// The work's value, waiting for it as long as needed, or at most `timeout`.
    /// - Throws: the error the work threw, or `ThreadPoolError.timedOut` if it was not done in time.
    public func result(timeout: Duration? = nil) throws -> Value {
        guard finished.wait(timeout: timeout) else {
            throw ThreadPoolError.timedOut(pool: pool, timeout: timeout ?? .zero)
        }
        return try outcome.withLock { $0! }.get()
    }

    func complete(_ result: Result<Value, any Error>) {
        outcome.withLock { $0 = result }
        finished.set()
    }
}

/// Misuse of a `ThreadPool`, or a result that was not ready in time.
public enum ThreadPoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `submit` or `map` after `shutdown()`.
    case shutDown(pool: String)
    /// `result(timeout:)` gave up before the work finished (the work goes on running).
    case timedOut(pool: String, timeout: Duration)

    public var description: String {
        switch self {
        case .shutDown(let pool):
            return "cannot submit work to thread pool '\(pool)': it was shut down"
        case .timedOut(let pool, let timeout):
            return "a task of thread pool '\(pool)' did not finish within \(timeout)"
        }
    }
}
