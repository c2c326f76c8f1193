import Multitasking
import SharedCounter
import Testing

/// Serialized: a fork while another test's threads are ending could copy a half-done one-time
/// initialisation of the Swift runtime into the child, which then waits for it for ever (seen
/// once, with a hundred other tests running in parallel in `swift test`).
@Suite(.serialized) struct SharedCounterTests {
    @Test func threadsShareOneCounter() throws {
        let counter = TicketCounter(remaining: 100)
        let noted = try sellWithThreads(from: counter, buyers: 10)
        let left = counter.lock.withLock { counter.remaining }
        #expect(left == 90, """
            10 buyer threads each bought a ticket from one counter of 100, so 90 should be left; \
            \(left) are. Threads share their process's memory: every thread changes the same counter
            """)
        #expect(noted.sorted() == Array(90...99),
                "the buyers should have noted 99, 98, ... 90 between them (each saw the others' purchases), noted \(noted.sorted())")
    }

    @Test func processesEachChangeTheirOwnCopy() throws {
        let counter = TicketCounter(remaining: 100)
        let noted = try sellWithProcesses(from: counter, buyers: 5)
        let left = counter.lock.withLock { counter.remaining }
        #expect(left == 100, "the parent's counter should still hold 100: each child changed its own copy; it holds \(left)")
        #expect(noted == [99, 99, 99, 99, 99],
                "each of the 5 children started from its own copy of 100 and should note 99, noted \(noted)")
    }

    @Test func oneBuyerThread() throws {
        let counter = TicketCounter(remaining: 1)
        let noted = try sellWithThreads(from: counter, buyers: 1)
        #expect(noted == [0], "one buyer of the last ticket should note 0, noted \(noted)")
    }
}
