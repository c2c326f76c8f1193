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
public func serveDinner(
    to scientists: [String], at table: NoodleTable, eat: @escaping @Sendable (String) -> Void
) throws -> [String] {
    let order = EatingOrder()
    let threads = scientists.enumerated().map { position, name in
        // Half reach for the noodles first, the others for the chopsticks first.
        let (first, second) = position % 2 == 0
            ? (table.noodles, table.chopsticks) : (table.chopsticks, table.noodles)
        return Thread(name: name) {
            first.withLock {
                second.withLock {
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
