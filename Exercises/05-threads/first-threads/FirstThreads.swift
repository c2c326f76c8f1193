// Exercise first-threads: First threads (chapter Threads).
// Read first: Exercises/05-threads/lesson.md, the section on first-threads.
// Check it: swift run grade first-threads    Stuck? swift run grade hint first-threads

import Multitasking

/// Runs `work(0)`, `work(1)`, ... `work(count - 1)`, each on a thread of its own named
/// `worker-0`, `worker-1`, ...: create the threads, start every one of them, and only then
/// join every one of them. Returns the `ident` of each thread, in index order.
///
/// Example: `runOnWorkers(count: 2) { print("hello from", $0) }` prints two lines (in either
/// order) and returns two different idents.
public func runOnWorkers(count: Int, work: @escaping @Sendable (Int) -> Void) throws -> [UInt64] {
    // TODO: make `count` threads, start them all, join them all, return their idents.
    return []
}

/// The `ident` of the process's main thread (the thread the program began on).
public func mainThreadIdent() -> UInt64 {
    // TODO: ask the runtime for the main thread and return its ident.
    return 0
}
