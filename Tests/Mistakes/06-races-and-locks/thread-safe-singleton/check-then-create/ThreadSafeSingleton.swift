import Multitasking

/// Holds the one and only instance of a class, made by `create` the first time someone asks.
///
/// (For a type you write yourself, Swift's `static let shared = Thing()` is already created
/// exactly once, even under contention. This holder is for an instance made by a factory that
/// is only known at run time, and it shows the mechanism `static let` hides.)
public final class SingletonHolder<Instance: AnyObject & Sendable>: @unchecked Sendable {
    private let create: @Sendable () -> Instance
    private var instance: Instance?

    /// A holder that has not created anything yet: `create` runs on the first `shared`.
    public init(create: @escaping @Sendable () -> Instance) {
        self.create = create
    }

    /// The instance: created by the first caller, and the very same object for every caller
    /// after it, even when many threads ask at the same moment. `create` runs once in all.
    public var shared: Instance {
        if let instance { return instance }
        let created = create()
        instance = created
        return created
    }
}
