import Synchronization

public final class AtomicHitCounter: Sendable {
    private let hits = Atomic<Int>(0)

    public init() {}

    public func increment() {
        var seen = hits.load(ordering: .relaxed)
        while true {
            let (exchanged, original) = hits.compareExchange(
                expected: seen, desired: seen &+ 1, ordering: .relaxed)
            if exchanged { return }
            seen = original
        }
    }

    public var value: Int {
        hits.load(ordering: .sequentiallyConsistent)
    }
}
