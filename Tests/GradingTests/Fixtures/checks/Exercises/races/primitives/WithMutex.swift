import Synchronization

/// Known wrong: the count is read and written outside the mutex.
public final class MutexCounter: @unchecked Sendable {
    private let guardian = Mutex(0)
    private var hits = 0
    public init() {}
    public func increment() { hits += 1 }
    public var value: Int { hits }
}
