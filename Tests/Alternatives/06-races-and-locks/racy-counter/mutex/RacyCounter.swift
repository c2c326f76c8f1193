import Multitasking
import Synchronization

public final class HitCounter: Sendable {
    private let hits = Mutex(0)

    public init() {}

    public func increment() {
        hits.withLock { $0 += 1 }
    }

    public var value: Int {
        hits.withLock { $0 }
    }
}

public func countHits(threads: Int, incrementsPerThread: Int) throws -> Int {
    let counter = HitCounter()
    let workers = (0..<threads).map { index in
        Thread(name: "hitter-\(index)") {
            for _ in 0..<incrementsPerThread { counter.increment() }
        }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    return counter.value
}
