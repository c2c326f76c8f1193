import Multitasking

/// Runs `work`, which blocks (a lock, a queue, a sleep, a file, a C library), on a new daemon
/// thread of the runtime named `name`, and suspends the calling task until it is done: returns
/// what `work` returns and throws what it throws. Meanwhile the task's thread of the
/// cooperative pool is free to run other tasks.
public func runOffThePool<Value: Sendable>(
    named name: String, _ work: @escaping @Sendable () throws -> Value
) async throws -> Value {
    try await withUnsafeThrowingContinuation { continuation in
        // Unchecked: no misuse check, the same suspension.
        let thread = Thread(name: name, daemon: true) {
            continuation.resume(with: Result { try work() })
        }
        do {
            try thread.start()
        } catch {
            continuation.resume(throwing: error)
        }
    }
}
