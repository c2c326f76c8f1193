import CMultitasking
import Glibc

/// A pool of worker processes, the lesson's `multiprocessing.Pool`: work is spread over at most
/// `workers` children at a time (the lesson advises one or two per core).
///
/// ```swift
/// let pool = ProcessPool(workers: 2)
/// let squares = try pool.map(Array(1...100)) { $0 * $0 }
/// let total = try await pool.apply { (1...1_000_000).reduce(0, +) }
/// ```
///
/// Workers are forked when the work is handed out, so the closure and everything it uses reach
/// them by fork (closures cannot be sent to a process that already runs); inputs stay where
/// they are, only indices and results travel, through a `ProcessQueue`. Results must therefore
/// be `Codable`. An error thrown by the closure is reported with its description; a worker that
/// crashes is reported too, instead of leaving the caller waiting.
public final class ProcessPool: CustomStringConvertible, @unchecked Sendable {
    /// The name used in errors and in the workers' names.
    public let name: String
    /// The most worker processes running at once.
    public let workers: Int
    private let slots: Semaphore

    /// A pool of `workers` processes (default: the number of processors).
    public init(workers: Int? = nil, name: String? = nil) {
        let count = workers ?? max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        precondition(count > 0, "ProcessPool: workers must be positive (it is \(count))")
        self.workers = count
        self.name = name ?? "ProcessPool"
        slots = Semaphore(count, name: "\(self.name).workers")
    }

    public var description: String { "<ProcessPool '\(name)' workers=\(workers)>" }

    /// Applies `transform` to every element in worker processes and returns the results in the
    /// order of `items` (`Pool.map`). Blocks until all are done.
    /// - Throws: `ProcessPoolError.taskFailed` for the first element whose transform threw,
    ///   `.workerDied` when a worker ended without finishing its share.
    public func map<T: Sendable, R: Codable & Sendable>(
        _ items: [T], _ transform: @escaping @Sendable (T) throws -> R
    ) throws(ProcessPoolError) -> [R] {
        if items.isEmpty { return [] }
        let next: SharedValue<Int>
        let results: ProcessQueue<MapResult<R>>
        do {
            next = try SharedValue(0, name: "\(name).next")
            results = try ProcessQueue<MapResult<R>>(name: "\(name).results")
        } catch {
            throw .startFailed(pool: name, reason: "\(error)")
        }
        let count = items.count
        var started: [Process] = []
        for worker in 0..<min(workers, count) {
            slots.acquire()
            let process = Process(name: "\(name)-worker-\(worker + 1)") {
                while true {
                    let index = next.withLock { value -> Int in
                        defer { value += 1 }
                        return value
                    }
                    if index >= count { return }
                    do {
                        try results.put(MapResult(index: index, value: try transform(items[index]), error: nil))
                    } catch let error as ProcessQueueError {
                        throw error
                    } catch {
                        try results.put(MapResult(index: index, value: nil, error: "\(error)"))
                    }
                }
            }
            do {
                try process.start()
            } catch {
                slots.release()
                for process in started { try? process.kill() }
                releaseWhenDone(started)
                throw .startFailed(pool: name, reason: "\(error)")
            }
            started.append(process)
        }
        defer { releaseWhenDone(started) }

        var values = [R?](repeating: nil, count: count)
        var received = 0
        var firstFailure: (index: Int, message: String)?
        while received < count {
            let result: MapResult<R>
            do {
                result = try results.get(timeout: .milliseconds(100))
            } catch .empty {
                // Nothing for a while: make sure somebody is still working.
                if started.allSatisfy({ !$0.isAlive }) && results.isEmpty {
                    let dead = started.first { $0.exitCode != 0 }
                    throw .workerDied(pool: name, worker: dead?.name ?? started[0].name,
                                      failure: dead?.failure ?? "the workers ended before every result arrived")
                }
                continue
            } catch {
                throw .resultNotDecodable(pool: name, reason: "\(error)")
            }
            received += 1
            if let message = result.error {
                if firstFailure == nil || result.index < firstFailure!.index { firstFailure = (result.index, message) }
            } else {
                values[result.index] = result.value
            }
        }
        if let firstFailure { throw .taskFailed(pool: name, item: firstFailure.index, message: firstFailure.message) }
        return values.map { $0! }
    }

    /// Runs `body` in a worker process and returns its result (`Pool.apply_async`): the caller
    /// awaits it without blocking a thread of Swift's concurrency pool. At most `workers` such
    /// calls run at once; the others wait for a free worker.
    /// - Throws: `ProcessPoolError.taskFailed` with the description of the error `body` threw,
    ///   `.workerDied` when the worker crashed or was killed.
    public func apply<R: Codable & Sendable>(_ body: @escaping @Sendable () throws -> R) async throws(ProcessPoolError) -> R {
        let outcome: Result<R, ProcessPoolError> = await withCheckedContinuation { continuation in
            let waiter = Thread(name: "\(name).apply", daemon: true) {
                continuation.resume(returning: self.applyBlocking(body))
            }
            do {
                try waiter.start()
            } catch {
                continuation.resume(returning: .failure(.startFailed(pool: self.name, reason: "\(error)")))
            }
        }
        return try outcome.get()
    }

    // MARK: Internals

    private func applyBlocking<R: Codable & Sendable>(_ body: @escaping @Sendable () throws -> R) -> Result<R, ProcessPoolError> {
        slots.acquire()
        defer { slots.release() }
        let channel: ProcessQueue<MapResult<R>>
        do {
            channel = try ProcessQueue<MapResult<R>>(maxsize: 1, bufferBytes: 16 << 20, name: "\(name).apply")
        } catch {
            return .failure(.startFailed(pool: name, reason: "\(error)"))
        }
        let worker = Process(name: "\(name)-apply") {
            do {
                try channel.put(MapResult(index: 0, value: try body(), error: nil))
            } catch let error as ProcessQueueError {
                throw error
            } catch {
                try channel.put(MapResult(index: 0, value: nil, error: "\(error)"))
            }
        }
        do {
            try worker.start()
        } catch {
            return .failure(.startFailed(pool: name, reason: "\(error)"))
        }
        while true {
            if let result = try? channel.get(timeout: .milliseconds(100)) {
                try? worker.join()
                if let message = result.error { return .failure(.taskFailed(pool: name, item: 0, message: message)) }
                return .success(result.value!)
            }
            if !worker.isAlive && channel.isEmpty {
                return .failure(.workerDied(pool: name, worker: worker.name, failure: worker.failure ?? "it ended without a result"))
            }
        }
    }

    /// Frees the workers' slots once they have ended (they end by themselves when the work is done).
    private func releaseWhenDone(_ processes: [Process]) {
        for process in processes {
            try? process.join()
            slots.release()
        }
    }
}

struct MapResult<R: Codable & Sendable>: Codable, Sendable {
    var index: Int
    var value: R?
    var error: String?
}

/// Why a `ProcessPool` could not finish its work.
public enum ProcessPoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The closure threw for item `item` (0 for `apply`); `message` is the error's description.
    case taskFailed(pool: String, item: Int, message: String)
    /// A worker ended (crashed, was killed) without delivering its results.
    case workerDied(pool: String, worker: String, failure: String)
    /// A worker or its queue could not be created.
    case startFailed(pool: String, reason: String)
    /// A result did not decode as the expected type.
    case resultNotDecodable(pool: String, reason: String)

    public var description: String {
        switch self {
        case .taskFailed(let pool, let item, let message):
            return "a task of process pool '\(pool)' failed on item \(item): \(message)"
        case .workerDied(let pool, let worker, let failure):
            return "worker '\(worker)' of process pool '\(pool)' died before finishing its work: \(failure)"
        case .startFailed(let pool, let reason):
            return "process pool '\(pool)' could not start a worker: \(reason)"
        case .resultNotDecodable(let pool, let reason):
            return "process pool '\(pool)' received a result it cannot decode: \(reason)"
        }
    }
}
