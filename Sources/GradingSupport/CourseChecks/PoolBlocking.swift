import Multitasking

/// What `forbidBlockingThePool` found: the body's value and the blocking waits its tasks made.
public struct PoolBlockingCheck<Value> {
    public let value: Value
    public let sightings: [PoolBlockingWatch.Sighting]

    /// Whether no task of the body blocked a thread of the pool.
    public var passed: Bool { sightings.isEmpty }

    /// The failure a suite reports, naming the student's function, the first wait and how many
    /// there were; empty when the check passed.
    public func message(function: String) -> String {
        guard let first = sightings.first else { return "" }
        let more = sightings.count == 1 ? "" : " (\(sightings.count) blocking waits in all)"
        return """
            \(function) blocked the cooperative pool: \(first)\(more). Code running in a task must \
            suspend (await a continuation, Task.sleep), not wait; run blocking work on a thread of \
            the runtime and await its result
            """
    }
}

/// Runs `body` (a suite's calls of the exercise's async code) with the runtime's pool-blocking
/// watch on, and returns what it found: every blocking wait of the runtime (lock, condition,
/// semaphore, queue, join, `Thread.sleep`) made inside a task of `body` (its children and
/// `Task { }`s included, `Task.detached` not). Only this region is watched, never the whole
/// test process: Swift Testing runs every test on the pool, and other tests may block it.
public func forbidBlockingThePool<Value>(
    isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Value
) async rethrows -> PoolBlockingCheck<Value> {
    let (value, sightings) = try await PoolBlockingWatch.watching(isolation: isolation, body)
    return PoolBlockingCheck(value: value, sightings: sightings)
}
