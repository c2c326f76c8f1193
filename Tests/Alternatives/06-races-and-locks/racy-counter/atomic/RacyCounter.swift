import Multitasking
import Synchronization

public final class HitCounter: Sendable {
    private let hits = Atomic<Int>(0)

    public init() {}

    public func increment() {
        hits.add(1, ordering: .relaxed)
    }

    public var value: Int {
        hits.load(ordering: .relaxed)
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
