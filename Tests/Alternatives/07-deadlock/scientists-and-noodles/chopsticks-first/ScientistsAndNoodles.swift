import Multitasking
import Synchronization

public final class NoodleTable: Sendable {
    public let noodles: any Lockable
    public let chopsticks: any Lockable

    public init() {
        noodles = Lock(name: "noodles")
        chopsticks = Lock(name: "chopsticks")
    }
}

public func serveDinner(
    to scientists: [String], at table: NoodleTable, eat: @escaping @Sendable (String) -> Void
) throws -> [String] {
    let order = Mutex<[String]>([])
    let threads = scientists.map { name in
        Thread(name: name) {
            table.chopsticks.withLock {
                table.noodles.withLock {
                    eat(name)
                    order.withLock { $0.append(name) }
                }
            }
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
    return order.withLock { $0 }
}
