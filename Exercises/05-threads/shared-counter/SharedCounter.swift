// Exercise shared-counter: Threads share memory (chapter Threads).
// Read first: Exercises/05-threads/lesson.md, the section on shared-counter.
// Check it: swift run grade shared-counter    Stuck? swift run grade hint shared-counter

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
    // TODO: start the buyer threads, join them, return what each noted.
    return []
}

/// The same sale with `buyers` child processes. Each child takes 1 from `remaining` (under
/// the lock) and sends the number it noted to the parent through a `ProcessQueue<Int>`. The
/// parent joins every child, then collects the `buyers` numbers and returns them.
public func sellWithProcesses(from counter: TicketCounter, buyers: Int) throws -> [Int] {
    // TODO: start the buyer processes, join them, collect and return what each noted.
    return []
}
