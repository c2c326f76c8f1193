import Multitasking

/// Known wrong: check-then-create without a lock.
public final class Lazy<Value: AnyObject & Sendable>: @unchecked Sendable {
    private var stored: Value?
    private let make: @Sendable () -> Value
    let lock = Lock(name: "lazy")
    public init(_ make: @escaping @Sendable () -> Value) { self.make = make }
    public func get() -> Value {
        if stored == nil { stored = make() }
        return stored!
    }
}
