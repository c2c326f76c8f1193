import Multitasking

/// `philosophers` philosophers sit around a round table with one fork between each two
/// neighbours: fork `i` lies between seat `i` and seat `(i + 1) % philosophers`, and the
/// philosopher at seat `i` needs forks `i` and `(i + 1) % philosophers` to eat.
///
/// Runs one thread per philosopher (named `philosopher-<seat>`), all started before any is
/// joined. Each philosopher eats `meals` times: takes both forks, calls `eat(seat)` while
/// holding them, puts them down. Returns how many meals each seat ate, once everyone is done.
public func dine(
    philosophers: Int, meals: Int, eat: @escaping @Sendable (Int) -> Void
) throws -> [Int] {
    let forks = (0..<philosophers).map { Lock(name: "fork-\($0)") }
    let tally = MealTally(seats: philosophers)
    let threads = (0..<philosophers).map { seat in
        Thread(name: "philosopher-\(seat)") {
            let left = seat
            let right = (seat + 1) % philosophers
            let (first, second) = (forks[left], forks[right])
            for _ in 0..<meals {
                first.withLock {
                    second.withLock {
                        eat(seat)
                        tally.count(seat)
                    }
                }
            }
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
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
