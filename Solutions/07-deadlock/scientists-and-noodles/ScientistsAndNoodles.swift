import Multitasking

/// The table of the lesson's story: one bowl of noodles and one pair of chopsticks, and a
/// scientist needs both to eat.
public final class NoodleTable: Sendable {
    /// Keep "noodles" and "chopsticks" in the names of the locks: reports about them use the names.
    public let noodles: any Lockable
    public let chopsticks: any Lockable

    public init() {
        noodles = Lock(name: "noodles")
        chopsticks = Lock(name: "chopsticks")
    }
}

/// Seats every scientist at `table`: one thread per scientist, named after them, all started
/// before any is joined. Each thread takes both resources, calls `eat(name)` while it holds
/// them, records its name, and lets both go. Returns the names in the order they ate.
///
/// In the lesson's version half the scientists reach for the noodles first and the others for
/// the chopsticks first; here every scientist takes them in the same order, noodles first, so
/// no two scientists can each hold what the other waits for.
public func serveDinner(
    to scientists: [String], at table: NoodleTable, eat: @escaping @Sendable (String) -> Void
) throws -> [String] {
    let order = EatingOrder()
    let threads = scientists.map { name in
        Thread(name: name) {
            table.noodles.withLock {
                table.chopsticks.withLock {
                    eat(name)
                    order.append(name)
                }
            }
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
    return order.names
}

/// The names of the scientists who ate, in order, shared by their threads.
final class EatingOrder: @unchecked Sendable {
    private let lock = Lock(name: "eating-order")
    private var stored: [String] = []

    func append(_ name: String) { lock.withLock { stored.append(name) } }
    var names: [String] { lock.withLock { stored } }
}
