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
    let clock = ContinuousClock()
    var threads: [Thread] = []
    let threadTime = try clock.measure {
        threads = (0..<count).map { _ in Thread(target: work) }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
    }
    // Only the Process objects are made while the clock runs; the forks (start) and the
    // waits (join) happen after it stopped.
    var processes: [Process] = []
    let processTime = clock.measure {
        processes = (0..<count).map { _ in Process(target: work) }
    }
    for process in processes { try process.start() }
    for process in processes { try process.join() }
    return SpawnCost(threads: threadTime, processes: processTime)
}
