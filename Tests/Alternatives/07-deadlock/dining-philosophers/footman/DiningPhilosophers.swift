import Multitasking
import Synchronization

public func dine(
    philosophers: Int, meals: Int, eat: @escaping @Sendable (Int) -> Void
) throws -> [Int] {
    let forks = (0..<philosophers).map { Lock(name: "fork-\($0)") }
    let footman = Semaphore(max(1, philosophers - 1), name: "footman")
    let eaten = Mutex(Array(repeating: 0, count: philosophers))
    let threads = (0..<philosophers).map { seat in
        Thread(name: "philosopher-\(seat)") {
            let left = forks[seat]
            let right = forks[(seat + 1) % philosophers]
            for _ in 0..<meals {
                footman.withLock {
                    left.withLock {
                        right.withLock {
                            eat(seat)
                            eaten.withLock { $0[seat] += 1 }
                        }
                    }
                }
            }
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
    return eaten.withLock { $0 }
}
