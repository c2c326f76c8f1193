// Exercise atomic-counter: An atomic counter (chapter Races and locks).
// Read first: Exercises/06-races-and-locks/lesson.md, the section on atomic-counter.
// Check it: swift run grade atomic-counter    Stuck? swift run grade hint atomic-counter

import Synchronization

/// A hit counter that several threads share, built on an atomic integer instead of a lock.
///
/// The class is `Sendable` without `@unchecked`: its only stored property is an `Atomic`,
/// which the compiler knows is safe to share. Whether each increment is one indivisible step
/// is still up to you.
public final class AtomicHitCounter: Sendable {
    private let hits = Atomic<Int>(0)

    public init() {}

    /// Adds one hit, as ONE atomic read-modify-write, so that no increment is lost when many
    /// threads call it at the same moment.
    public func increment() {
        // TODO: add 1 to `hits` atomically.
    }

    /// The hits counted so far.
    public var value: Int {
        hits.load(ordering: .relaxed)
    }
}
