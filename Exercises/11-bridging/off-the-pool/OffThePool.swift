// Exercise off-the-pool: blocking work on a runtime thread, awaited without blocking.
// Lesson: Exercises/11-bridging/lesson.md, section "off-the-pool".
// Stuck? `swift run grade hint off-the-pool` gives one more hint each time you ask.

import Multitasking

/// Runs `work`, which blocks (a lock, a queue, a sleep, a file, a C library), on a new daemon
/// thread of the runtime named `name`, and suspends the calling task until it is done: returns
/// what `work` returns and throws what it throws. Meanwhile the task's thread of the
/// cooperative pool is free to run other tasks.
public func runOffThePool<Value: Sendable>(
    named name: String, _ work: @escaping @Sendable () throws -> Value
) async throws -> Value {
    // TODO: suspend in a checked continuation; start a runtime Thread that runs `work` and
    // resumes the continuation with its result. Never wait for the thread (join) in the task.
    try work()
}
