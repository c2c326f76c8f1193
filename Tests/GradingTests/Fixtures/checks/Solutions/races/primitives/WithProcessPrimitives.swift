import Multitasking

/// The process primitives used by threads of one process: a `ProcessLock` and a `SharedValue`
/// (whose lock is a process lock in shared memory).
public final class ProcessLockCounter: @unchecked Sendable {
    private let lock = ProcessLock(name: "process-lock-counter")
    private var hits = 0
    public init() {}
    public func increment() { lock.withLock { hits += 1 } }
    public var value: Int { lock.withLock { hits } }
}

public final class SharedValueCounter: @unchecked Sendable {
    private let hits: SharedValue<Int>
    public init() throws { hits = try SharedValue(0, name: "shared-value-counter") }
    public func increment() { hits.withLock { $0 += 1 } }
    public var value: Int { hits.value }
}
