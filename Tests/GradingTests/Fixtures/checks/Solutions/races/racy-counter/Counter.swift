import Multitasking

public final class Counter: @unchecked Sendable {
    private var count = 0
    let lock = Lock(name: "counter")
    public init() {}
    public var value: Int { lock.withLock { count } }
    public func increment() { lock.withLock { count += 1 } }
}
