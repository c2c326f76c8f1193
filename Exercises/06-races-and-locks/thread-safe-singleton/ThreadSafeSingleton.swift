// Exercise thread-safe-singleton: A thread-safe singleton (chapter Races and locks).
// Read first: Exercises/06-races-and-locks/lesson.md, the section on thread-safe-singleton.
// Check it: swift run grade thread-safe-singleton    Stuck? swift run grade hint thread-safe-singleton

import Multitasking

/// Holds the one and only instance of a class, made by `create` the first time someone asks.
///
/// (For a type you write yourself, Swift's `static let shared = Thing()` is already created
/// exactly once, even under contention. This holder is for an instance made by a factory that
/// is only known at run time, and it shows the mechanism `static let` hides.)
public final class SingletonHolder<Instance: AnyObject & Sendable>: @unchecked Sendable {
    private let create: @Sendable () -> Instance
    private var instance: Instance?
    // TODO: a `Lock` that guards `instance`.

    /// A holder that has not created anything yet: `create` runs on the first `shared`.
    public init(create: @escaping @Sendable () -> Instance) {
        self.create = create
    }

    /// The instance: created by the first caller, and the very same object for every caller
    /// after it, even when many threads ask at the same moment. `create` runs once in all.
    public var shared: Instance {
        // TODO: under the lock, create the instance if there is none yet, keep it, return it.
        return create()
    }
}
