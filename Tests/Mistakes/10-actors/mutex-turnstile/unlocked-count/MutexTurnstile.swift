import Synchronization

/// The turnstile of a venue. The sensors at the doors are threads of the runtime (plain
/// synchronous code that cannot `await`) and the venue's app calls it from tasks; both ask at
/// once and need the answer at once. Never more than `capacity` people are inside, and
/// `admitted` counts every entry since opening.
public final class Turnstile: Sendable {
    private struct Counts {
        var inside = 0
    }

    public let capacity: Int
    private let counts = Mutex(Counts())
    /// Written under the lock but read without it: the compiler accepts `nonisolated(unsafe)`,
    /// ThreadSanitizer does not.
    nonisolated(unsafe) private var entries = 0

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Lets one person in if fewer than `capacity` are inside; returns whether they may enter.
    public func tryEnter() -> Bool {
        counts.withLock { counts in
            guard counts.inside < capacity else { return false }
            counts.inside += 1
            entries += 1
            return true
        }
    }

    /// One person leaves; call it once for each `tryEnter()` that returned true.
    public func leave() {
        counts.withLock { $0.inside -= 1 }
    }

    /// How many people are inside now.
    public var inside: Int { counts.withLock { $0.inside } }

    /// How many people entered since opening.
    public var admitted: Int { entries }
}
