// Exercise dining-philosophers: The dining philosophers (chapter Deadlock).
// Read first: Exercises/07-deadlock/lesson.md, the section on dining-philosophers.
// Check it: swift run grade dining-philosophers    Stuck? swift run grade hint dining-philosophers

import Multitasking

/// `philosophers` philosophers sit around a round table with one fork between each two
/// neighbours: fork `i` lies between seat `i` and seat `(i + 1) % philosophers`, and the
/// philosopher at seat `i` needs forks `i` and `(i + 1) % philosophers` to eat.
///
/// Runs one thread per philosopher (named `philosopher-<seat>`), all started before any is
/// joined. Each philosopher eats `meals` times: takes both forks, calls `eat(seat)` while
/// holding them, puts them down. Returns how many meals each seat ate, once everyone is done.
///
/// Nobody may wait forever: not all of them at once (a deadlock), and not one of them while
/// the others eat (starvation).
public func dine(
    philosophers: Int, meals: Int, eat: @escaping @Sendable (Int) -> Void
) throws -> [Int] {
    let forks = (0..<philosophers).map { Lock(name: "fork-\($0)") }
    let tally = MealTally(seats: philosophers)
    // TODO: one thread per philosopher. "Left fork, then right fork" for everybody can hang:
    // find an order of taking the forks in which no circle of waiting philosophers can form.
    // While holding both forks call `eat(seat)` and `tally.count(seat)`.
    _ = forks
    return tally.meals
}

/// Meals eaten per seat, shared by the philosophers' threads.
final class MealTally: @unchecked Sendable {
    private let lock = Lock(name: "meal-tally")
    private var eaten: [Int]

    init(seats: Int) { eaten = Array(repeating: 0, count: seats) }

    func count(_ seat: Int) { lock.withLock { eaten[seat] += 1 } }
    var meals: [Int] { lock.withLock { eaten } }
}
