import Synchronization

/// The turnstile of a venue, on atomics: `tryEnter()` takes a place with a compare-and-swap
/// that succeeds only if no other door changed the count since it was read, and tries again if
/// one did. `admitted` is a counter of its own: it only ever grows, so one atomic add suffices.
public final class Turnstile: Sendable {
    public let capacity: Int
    private let people = Atomic<Int>(0)
    private let entries = Atomic<Int>(0)

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Lets one person in if fewer than `capacity` are inside; returns whether they may enter.
    public func tryEnter() -> Bool {
        var inside = people.load(ordering: .relaxed)
        while inside < capacity {
            let (exchanged, seen) = people.compareExchange(
                expected: inside, desired: inside + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                entries.wrappingAdd(1, ordering: .relaxed)
                return true
            }
            inside = seen
        }
        return false
    }

    /// One person leaves; call it once for each `tryEnter()` that returned true.
    public func leave() {
        people.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }

    /// How many people are inside now.
    public var inside: Int { people.load(ordering: .relaxed) }

    /// How many people entered since opening.
    public var admitted: Int { entries.load(ordering: .relaxed) }
}
