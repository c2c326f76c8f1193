import Multitasking

/// Runs `work(0)`, `work(1)`, ... `work(count - 1)`, each on a thread of its own named
/// `worker-0`, `worker-1`, ...: create the threads, start every one of them, and only then
/// join every one of them. Returns the `ident` of each thread, in index order.
///
/// Example: `runOnWorkers(count: 2) { print("hello from", $0) }` prints two lines (in either
/// order) and returns two different idents.
public func runOnWorkers(count: Int, work: @escaping @Sendable (Int) -> Void) throws -> [UInt64] {
    let workers = (0..<count).map { index in
        Thread(name: "worker-\(index)") { work(index) }
    }
    // `start()` returns at once: the new thread runs while this one goes on starting the
    // next. Joining inside this loop would run the workers one after another.
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    // A started thread keeps its ident after it ends.
    return workers.map { $0.ident ?? 0 }
}

/// The `ident` of the process's main thread (the thread the program began on).
public func mainThreadIdent() -> UInt64 {
    mainThread().ident ?? 0
}
