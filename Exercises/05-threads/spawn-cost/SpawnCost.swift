// Exercise spawn-cost: What a thread costs (chapter Threads).
// Read first: Exercises/05-threads/lesson.md, the section on spawn-cost.
// Check it: swift run grade spawn-cost    Stuck? swift run grade hint spawn-cost

import Multitasking

/// How long it took to start and join a batch of threads, and a batch of processes.
public struct SpawnCost: Sendable, Equatable {
    public var threads: Duration
    public var processes: Duration

    public init(threads: Duration, processes: Duration) {
        self.threads = threads
        self.processes = processes
    }
}

/// Measures the cost of creating threads against creating processes:
/// 1. starts `count` threads that each call `work()`, joins them all, and times the whole
///    of that (from before the first is created until the last has been joined);
/// 2. does the same with `count` processes.
/// Returns both times. Use `ContinuousClock().measure { ... }` to time a block.
public func measureSpawnCost(count: Int, work: @escaping @Sendable () -> Void) throws -> SpawnCost {
    // TODO: time `count` threads started and joined, then `count` processes started and joined.
    return SpawnCost(threads: .zero, processes: .zero)
}
