import Multitasking

public struct SpawnCost: Sendable, Equatable {
    public var threads: Duration
    public var processes: Duration

    public init(threads: Duration, processes: Duration) {
        self.threads = threads
        self.processes = processes
    }
}

public func measureSpawnCost(count: Int, work: @escaping @Sendable () -> Void) throws -> SpawnCost {
    let clock = ContinuousClock()
    var start = clock.now
    var processes: [Process] = []
    for _ in 0..<count {
        let process = Process(target: work)
        try process.start()
        processes.append(process)
    }
    for process in processes { try process.join() }
    let processTime = clock.now - start

    start = clock.now
    var threads: [Thread] = []
    for _ in 0..<count {
        let thread = Thread(target: work)
        try thread.start()
        threads.append(thread)
    }
    for thread in threads { try thread.join() }
    return SpawnCost(threads: clock.now - start, processes: processTime)
}
