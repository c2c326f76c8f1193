import Multitasking

/// Starts `count` threads named `worker-0`, `worker-1`, ... Each thread appends its own
/// name (read with `Thread.current.name`) to a shared array protected by a `Lock`.
/// Returns the names sorted, after every thread has finished (join them all).
///
/// Example: `greetingsFromWorkers(count: 2)` returns `["worker-0", "worker-1"]`.
public func greetingsFromWorkers(count: Int) throws -> [String] {
    let names = Names()
    let workers = (0..<count).map { index in
        Thread(name: "worker-\(index)") { names.append(Thread.current.name) }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    return names.sorted()
}

/// The shared array; every access holds the lock.
final class Names: @unchecked Sendable {
    private let lock = Lock(name: "names")
    private var names: [String] = []

    func append(_ name: String) {
        lock.withLock { names.append(name) }
    }

    func sorted() -> [String] {
        lock.withLock { names.sorted() }
    }
}
