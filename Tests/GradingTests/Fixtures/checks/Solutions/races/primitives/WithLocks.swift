import Multitasking

/// The runtime's `Lock`, `RLock` (taken twice), `Semaphore` and `BoundedSemaphore` as locks.
public final class LockCounter: @unchecked Sendable {
    private let lock = Lock(name: "lock-counter")
    private var hits = 0
    public init() {}
    public func increment() { lock.withLock { hits += 1 } }
    public var value: Int { lock.withLock { hits } }
}

public final class RLockCounter: @unchecked Sendable {
    private let lock = RLock(name: "rlock-counter")
    private var hits = 0
    public init() {}
    public func increment() { lock.withLock { lock.withLock { hits += 1 } } }
    public var value: Int { lock.withLock { hits } }
}

public final class SemaphoreCounter: @unchecked Sendable {
    private let permit = Semaphore(1, name: "semaphore-counter")
    private let bounded = BoundedSemaphore(1, name: "bounded-counter")
    private var permitted = 0  // guarded by `permit`
    private var limited = 0  // guarded by `bounded`
    public init() {}
    public func increment() {
        permit.acquire()
        permitted += 1
        permit.release()
        bounded.acquire()
        limited += 1
        try? bounded.release()
    }
    public var value: Int {
        permit.acquire()
        let first = permitted
        permit.release()
        bounded.acquire()
        let second = limited
        try? bounded.release()
        return first + second
    }
}
