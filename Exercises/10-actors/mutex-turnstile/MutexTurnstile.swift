// Exercise mutex-turnstile: threads cannot await: when a Mutex fits better than an actor.
// Lesson: Exercises/10-actors/lesson.md, section "mutex-turnstile".
// Stuck? `swift run grade hint mutex-turnstile` gives one more hint each time you ask.

import Synchronization

/// The turnstile of a venue. The sensors at the doors are threads of the runtime (plain
/// synchronous code that cannot `await`) and the venue's app calls it from tasks; both ask at
/// once and need the answer at once. Never more than `capacity` people are inside, and
/// `admitted` counts every entry since opening.
///
/// TODO: the class is `Sendable` without `@unchecked` (its stored properties are atomics), and
/// each atomic operation is indivisible, but `tryEnter()` is a check followed by an act: two
/// doors can both see one place left and both let someone in, and entries get lost. Make each
/// call one indivisible step over all the turnstile's state.
public final class Turnstile: Sendable {
    public let capacity: Int
    private let people = Atomic<Int>(0)
    private let entries = Atomic<Int>(0)

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Lets one person in if fewer than `capacity` are inside; returns whether they may enter.
    public func tryEnter() -> Bool {
        let inside = people.load(ordering: .relaxed)
        guard inside < capacity else { return false }
        people.store(inside + 1, ordering: .relaxed)
        entries.store(entries.load(ordering: .relaxed) + 1, ordering: .relaxed)
        return true
    }

    /// One person leaves; call it once for each `tryEnter()` that returned true.
    public func leave() {
        people.wrappingSubtract(1, ordering: .relaxed)
    }

    /// How many people are inside now.
    public var inside: Int { people.load(ordering: .relaxed) }

    /// How many people entered since opening.
    public var admitted: Int { entries.load(ordering: .relaxed) }
}
