import Synchronization

/// The turnstile of a venue. The sensors at the doors are threads of the runtime (plain
/// synchronous code that cannot `await`) and the venue's app calls it from tasks; both ask at
/// once and need the answer at once. Never more than `capacity` people are inside, and
/// `admitted` counts every entry since opening.
public final class Turnstile: Sendable {
    private struct Counts {
        var inside = 0
        var admitted = 0
    }

    public let capacity: Int
    private let counts = Mutex(Counts())

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Lets one person in if fewer than `capacity` are inside; returns whether they may enter.
    public func tryEnter() -> Bool {
        // Two critical sections: between them another door can take the last place.
        let room = counts.withLock { $0.inside < capacity }
        guard room else { return false }
        counts.withLock {
            $0.inside += 1
            $0.admitted += 1
        }
        return true
    }

    /// One person leaves; call it once for each `tryEnter()` that returned true.
    public func leave() {
        counts.withLock { $0.inside -= 1 }
    }

    /// How many people are inside now.
    public var inside: Int { counts.withLock { $0.inside } }

    /// How many people entered since opening.
    public var admitted: Int { counts.withLock { $0.admitted } }
}
