// Exercise scientists-and-noodles: The scientists and the noodles (chapter Deadlock).
// Read first: Exercises/07-deadlock/lesson.md, the section on scientists-and-noodles.
// Check it: swift run grade scientists-and-noodles    Stuck? swift run grade hint scientists-and-noodles

import Multitasking

/// The table of the lesson's story: one bowl of noodles and one pair of chopsticks, and a
/// scientist needs both to eat.
public final class NoodleTable: Sendable {
    /// Keep "noodles" and "chopsticks" in the names of the locks: reports about them use the names.
    public let noodles: any Lockable
    public let chopsticks: any Lockable

    public init() {
        // You may change how the two resources are made (see the lesson), not what they are called.
        noodles = Lock(name: "noodles")
        chopsticks = Lock(name: "chopsticks")
    }
}

/// Seats every scientist at `table`: one thread per scientist, named after them, all started
/// before any is joined. Each thread takes both resources, calls `eat(name)` while it holds
/// them, records its name, and lets both go. Returns the names in the order they ate.
public func serveDinner(
    to scientists: [String], at table: NoodleTable, eat: @escaping @Sendable (String) -> Void
) throws -> [String] {
    let order = EatingOrder()
    // TODO: one thread per scientist (named after them). In the lesson's version the scientists
    // at even positions take the noodles first and the others the chopsticks first: write that,
    // run it, and watch it hang. Then make it safe: one order for everybody, or one RLock for
    // both resources. Inside, call `eat(name)` and `order.append(name)`.
    return order.names
}

/// The names of the scientists who ate, in order, shared by their threads.
final class EatingOrder: @unchecked Sendable {
    private let lock = Lock(name: "eating-order")
    private var stored: [String] = []

    func append(_ name: String) { lock.withLock { stored.append(name) } }
    var names: [String] { lock.withLock { stored } }
}
