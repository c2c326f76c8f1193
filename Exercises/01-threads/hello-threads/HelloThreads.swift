import Multitasking

/// Starts `count` threads named `worker-0`, `worker-1`, ... Each thread appends its own
/// name (read with `Thread.current.name`) to a shared array protected by a `Lock`.
/// Returns the names sorted, after every thread has finished (join them all).
///
/// Example: `greetingsFromWorkers(count: 2)` returns `["worker-0", "worker-1"]`.
public func greetingsFromWorkers(count: Int) throws -> [String] {
    // TODO: create the threads, start them, join them, and return the sorted names.
    return []
}
