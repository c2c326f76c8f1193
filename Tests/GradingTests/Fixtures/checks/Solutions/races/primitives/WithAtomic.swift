import Glibc
import Synchronization

/// Synchronization's `Atomic`: a counter, and a plain value published by a releasing store.
public final class AtomicCounter: Sendable {
    private let hits = Atomic(0)
    public init() {}
    public func increment() { hits.wrappingAdd(1, ordering: .relaxed) }
    public var value: Int { hits.load(ordering: .relaxed) }
}

public final class AtomicMailbox: @unchecked Sendable {
    private var letter = 0
    private let posted = Atomic(false)
    public init() {}
    public func post(_ value: Int) {
        letter = value
        posted.store(true, ordering: .releasing)
    }
    public func read() -> Int {
        while !posted.load(ordering: .acquiring) { sched_yield() }
        return letter
    }
}
