import Multitasking

/// Runs `work`, which blocks (a lock, a queue, a sleep, a file, a C library), on a new daemon
/// thread of the runtime named `name`, and suspends the calling task until it is done: returns
/// what `work` returns and throws what it throws. Meanwhile the task's thread of the
/// cooperative pool is free to run other tasks.
public func runOffThePool<Value: Sendable>(
    named name: String, _ work: @escaping @Sendable () throws -> Value
) async throws -> Value {
    let outcome = Outcome<Value>()
    let thread = Thread(name: name, daemon: true) {
        outcome.result = Result { try work() }
    }
    try thread.start()
    // The work runs on a thread of its own, but the task waits for it with join(), which
    // blocks the task's thread of the pool just the same.
    try thread.join()
    return try outcome.result!.get()
}

/// Written by the thread before it ends, read after `join()`: the join orders the two.
private final class Outcome<Value>: @unchecked Sendable {
    var result: Result<Value, any Error>?
}
