import Multitasking

/// Where a thread the test started leaves its result for the test, which reads it after a
/// `join(timeout:)`. The join orders a finished thread's write before the read, but after a
/// join that timed out the thread may still write while the test reads, so the slot is guarded
/// by the runtime's `Lock` (an instrumented lock, like everything the exercise's code uses).
public final class ResultSlot<Value: Sendable>: @unchecked Sendable {
    private let lock = Lock(name: "test result slot")
    private var stored: Value?

    public init() {}

    public func set(_ value: Value) { lock.withLock { stored = value } }

    /// What the thread left, nil while it has left nothing.
    public var value: Value? { lock.withLock { stored } }
}
