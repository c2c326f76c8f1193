import Multitasking

/// Tickets left for sale. `lock` guards `remaining`: read or write it only while holding `lock`.
public final class TicketCounter: @unchecked Sendable {
    public let lock = Lock(name: "tickets")
    public var remaining: Int

    public init(remaining: Int) {
        self.remaining = remaining
    }
}

/// Starts `buyers` threads. Each buys one ticket from `counter`: while holding `counter.lock`,
/// it takes 1 from `remaining` and notes how many are left after its purchase. Joins them all
/// and returns the numbers they noted (in any order).
///
/// Example: with 100 tickets and 10 buyers, `counter.remaining` is 90 afterwards and the
/// buyers noted 99, 98, ... 90 between them.
public func sellWithThreads(from counter: TicketCounter, buyers: Int) throws -> [Int] {
    let noted = Lock(name: "noted")
    nonisolated(unsafe) var numbers: [Int] = []  // guarded by `noted`
    let threads = (0..<buyers).map { index in
        Thread(name: "buyer-\(index)") {
            // As with processes, each buyer gets its own copy of the counter to work on.
            let mine = TicketCounter(remaining: counter.lock.withLock { counter.remaining })
            let left = mine.lock.withLock { () -> Int in
                mine.remaining -= 1
                return mine.remaining
            }
            noted.withLock { numbers.append(left) }
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
    return noted.withLock { numbers }
}

/// The same sale with `buyers` child processes. Each child takes 1 from `remaining` (under
/// the lock) and sends the number it noted to the parent through a `ProcessQueue<Int>`. The
/// parent joins every child, then collects the `buyers` numbers and returns them.
public func sellWithProcesses(from counter: TicketCounter, buyers: Int) throws -> [Int] {
    let results = try ProcessQueue<Int>(name: "noted")
    let children = (0..<buyers).map { index in
        Process(name: "buyer-\(index)") {
            let left = counter.lock.withLock { () -> Int in
                counter.remaining -= 1
                return counter.remaining
            }
            try results.put(left)
        }
    }
    for child in children { try child.start() }
    for child in children { try child.join() }
    return try (0..<buyers).map { _ in try results.get(timeout: .seconds(5)) }
}
