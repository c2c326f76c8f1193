import Multitasking

/// Known wrong: `value += 1` from several threads without the lock.
public final class Counter: @unchecked Sendable {
    public private(set) var value = 0
    let lock = Lock(name: "counter")
    public init() {}
    public func increment() { value += 1 }
}
