import Glibc
import Synchronization

/// Known wrong: a plain counter, and a letter published by a relaxed store.
public final class AtomicCounter: @unchecked Sendable {
    private var hits = 0
    public init() {}
    public func increment() { hits += 1 }
    public var value: Int { hits }
}

public final class AtomicMailbox: @unchecked Sendable {
    private var letter = 0
    private let posted = Atomic(false)
    public init() {}
    public func post(_ value: Int) {
        letter = value
        posted.store(true, ordering: .relaxed)
    }
    public func read() -> Int {
        while !posted.load(ordering: .relaxed) { sched_yield() }
        return letter
    }
}
