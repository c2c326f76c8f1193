import CourseChecks
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

    /// Not in the race check's ThreadSanitizer run: TSan does not support `fork()` in a
    /// multi-threaded program (see `ForkGateStatistics.isThreadSanitizerActive`), and the
    /// sanitized run of this test hung. The exercise's ordinary runs, under perturbation seeds,
    /// check this part; the sanitized run checks the threads, which share the counter.
    @Test func processesEachChangeTheirOwnCopy() throws {
        if ForkGateStatistics.isThreadSanitizerActive { return }
        let counter = TicketCounter(remaining: 100)
        var noted: [Int] = []
        let left = try ChildProcesses.leftBehind { noted = try sellWithProcesses(from: counter, buyers: 5) }
        #expect(left.isEmpty, "sellWithProcesses returned while buyers \(left.sorted()) were still unjoined: join every child")
        let remaining = counter.lock.withLock { counter.remaining }
        #expect(remaining == 100, "the parent's counter should still hold 100: each child changed its own copy; it holds \(remaining)")
        #expect(noted == [99, 99, 99, 99, 99],
                "each of the 5 children started from its own copy of 100 and should note 99, noted \(noted)")
    }

    /// The sale with 8 children takes about as long as the test's own: 8 children that each
    /// put one number, all started, then all joined. A fixed wait in place of each join (0.1 s
    /// a child) takes many times longer. Not in the ThreadSanitizer run (fork, see above).
    @Test func theParentWaitsForItsChildrenByJoiningThem() throws {
        if ForkGateStatistics.isThreadSanitizerActive { return }
        let check = try Timing.ratio(
            "sellWithProcesses with 8 buyers, against 8 children that put one number, started then joined", atMost: 4,
            of: { _ = try sellWithProcesses(from: TicketCounter(remaining: 10), buyers: 8) },
            against: {
                let numbers = try ProcessQueue<Int>(name: "test-numbers")
                let children = (0..<8).map { _ in Multitasking.Process(name: "test-child") { try numbers.put(9) } }
                for child in children { try child.start() }
                for child in children { try child.join() }
                for _ in children { _ = try numbers.get(timeout: .seconds(5)) }
            })
        #expect(check.passed, """
            \(check): the parent should wait for each child with join(), which returns as soon as the \
            child has ended, not with a fixed wait
            """)
    }

    /// The buyers are threads of their own, all started before any is joined: while the test
    /// holds the counter's lock, every buyer waits for it at the same time. Then the sale
    /// returns only after every buyer, however slow the counter. A sale done by the
    /// caller, or a buyer joined before the next one starts, never has them all alive at once.
    @Test func everyBuyerIsAThreadStartedBeforeAnyIsJoined() throws {
        let counter = TicketCounter(remaining: 20)
        let buyers = 8
        let noted = ResultSlot<[Int]>()
        let sale = Thread(name: "test-sale", daemon: true) { noted.set(try sellWithThreads(from: counter, buyers: buyers)) }
        // The threads the sale starts: new since now, but not the sale itself, nor the
        // registration of a thread the runtime did not start (a "Dummy-" for the test's own).
        let before = Set(enumerate().map(ObjectIdentifier.init)).union([ObjectIdentifier(sale)])
        func buyerThreads() -> Int {
            enumerate().filter { !before.contains(ObjectIdentifier($0)) && !$0.name.hasPrefix("Dummy-") }.count
        }
        var most = 0
        try counter.lock.withLock {
            try sale.start()
            let deadline = ContinuousClock.now + .seconds(5)
            while most < buyers && ContinuousClock.now < deadline {
                most = max(most, buyerThreads())
                Thread.sleep(for: .milliseconds(2))
            }
            // A slow counter: the buyers wait 1.5 s more, longer than any fixed wait put in
            // place of their joins; the numbers returned must still be all of theirs.
            Thread.sleep(for: .milliseconds(1500))
        }
        #expect(try sale.join(timeout: .seconds(10)), "sellWithThreads did not return within 10 s of the counter's lock being free")
        #expect(most >= buyers, """
            while the test held the counter's lock, \(most) of the \(buyers) buyer threads were alive at once: \
            each buyer must be a thread of its own, and start every buyer before joining any
            """)
        #expect(noted.value?.sorted() == Array(12...19), """
            8 buyers of 20 tickets should note 19, 18, ... 12, noted \(noted.value ?? []): the counter was slow (1.5 s), \
            so join every buyer before reading what they noted
            """)
    }

    @Test func oneBuyerThread() throws {
        let counter = TicketCounter(remaining: 1)
        let noted = try sellWithThreads(from: counter, buyers: 1)
        #expect(noted == [0], "one buyer of the last ticket should note 0, noted \(noted)")
    }
}
