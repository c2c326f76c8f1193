import Multitasking

public func dine(
    philosophers: Int, meals: Int, eat: @escaping @Sendable (Int) -> Void
) throws -> [Int] {
    let forks = (0..<philosophers).map { Lock(name: "fork-\($0)") }
    let waiter = Lock(name: "waiter")
    let tally = MealTally(seats: philosophers)
    let threads = (0..<philosophers).map { seat in
        Thread(name: "philosopher-\(seat)") {
            let left = forks[seat]
            let right = forks[(seat + 1) % philosophers]
            for _ in 0..<meals {
                waiter.withLock {
                    left.acquire()
                    right.acquire()
                }
                eat(seat)
                tally.count(seat)
                try right.release()
                try left.release()
            }
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
    return tally.meals
}

final class MealTally: @unchecked Sendable {
    private let lock = Lock(name: "meal-tally")
    private var eaten: [Int]

    init(seats: Int) { eaten = Array(repeating: 0, count: seats) }

    func count(_ seat: Int) { lock.withLock { eaten[seat] += 1 } }
    var meals: [Int] { lock.withLock { eaten } }
}
