import Synchronization

/// Synchronization's `Mutex` (the standard library's, not built with ThreadSanitizer).
public final class MutexCounter: Sendable {
    private let hits = Mutex(0)
    public init() {}
    public func increment() { hits.withLock { $0 += 1 } }
    public var value: Int { hits.withLock { $0 } }
}
