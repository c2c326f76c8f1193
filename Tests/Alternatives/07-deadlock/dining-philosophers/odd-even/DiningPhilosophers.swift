import Multitasking

public func dine(
    philosophers: Int, meals: Int, eat: @escaping @Sendable (Int) -> Void
) throws -> [Int] {
    let forks = (0..<philosophers).map { Lock(name: "fork-\($0)") }
    let tally = MealTally(seats: philosophers)
    let threads = (0..<philosophers).map { seat in
        Thread(name: "philosopher-\(seat)") {
            let left = forks[seat]
            let right = forks[(seat + 1) % philosophers]
            let (first, second) = seat % 2 == 1 ? (left, right) : (right, left)
            for _ in 0..<meals {
                first.acquire()
                second.acquire()
                eat(seat)
                tally.count(seat)
                try second.release()
                try first.release()
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
