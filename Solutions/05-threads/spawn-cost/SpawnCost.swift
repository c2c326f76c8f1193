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
    let threads = try clock.measure {
        let threads = (0..<count).map { _ in Thread(target: work) }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
    }
    let processes = try clock.measure {
        let processes = (0..<count).map { _ in Process(target: work) }
        for process in processes { try process.start() }
        for process in processes { try process.join() }
    }
    return SpawnCost(threads: threads, processes: processes)
}
