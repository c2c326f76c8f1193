import CourseChecks
import Glibc
import IsolatedMemory
import Multitasking
import Testing

/// What a call returned, handed over from the thread it ran on.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    let lock = Lock(name: "outcome")
    var result: Result<T, any Error>?
}

/// Runs `body` on a daemon thread and waits at most `seconds`: code that waits for ever fails
/// the test instead of hanging it. On a timeout the children still running (the suite runs its
/// tests one at a time, so they are the code's) are killed, and nil is returned.
private func bounded<T: Sendable>(_ what: String, seconds: Int = 8, _ body: @escaping @Sendable () throws -> T) throws -> T? {
    let outcome = Outcome<T>()
    let runner = Multitasking.Thread(name: what, daemon: true) {
        let result = Result { try body() }
        outcome.lock.withLock { outcome.result = result }
    }
    try runner.start()
    guard try runner.join(timeout: .seconds(seconds)) else {
        let stuck = activeChildren()
        for child in stuck { try? child.kill() }
        for child in stuck { _ = try? child.join(timeout: .seconds(5)) }
        _ = try? runner.join(timeout: .seconds(5))
        Issue.record("\(what) did not return within \(seconds) s, with \(stuck.count) children still running: a child waits for ever, for example for a lock it already holds (reading `.value` inside `withLock` takes the same lock again)")
        return nil
    }
    return try outcome.lock.withLock { outcome.result }?.get()
}

@Suite(.serialized) struct IsolatedMemoryTests {
    @Test func eachChildChangesOnlyItsOwnCopy() throws {
        let report = try decrementCopies(start: 100, children: 10)
        #expect(report.childrenSaw == Array(repeating: 99, count: 10),
                "each of the 10 children subtracts 1 from its own copy of 100, so each should see 99; they reported \(report.childrenSaw)")
        #expect(report.parentSees == 100,
                "the children changed their copies only, so the parent's tally should still be 100, not \(report.parentSees)")
    }

    @Test func copiesOfOtherNumbers() throws {
        let report = try decrementCopies(start: 5, children: 3)
        #expect(report == CopyReport(parentSees: 5, childrenSaw: [4, 4, 4]),
                "decrementCopies(start: 5, children: 3) should see 5 in the parent and [4, 4, 4] in the children, got \(report.parentSees) and \(report.childrenSaw)")
    }

    @Test func buyersShareOneStockAndNoSaleIsLost() throws {
        let buyerPIDs = try ProcessQueue<Int32>(name: "buyers")
        guard let left = try bounded("sellTickets(100, buyers: 10)", {
            try sellTickets(100, buyers: 10) { stock in
                try? buyerPIDs.put(getpid())
                Multitasking.Thread.sleep(for: .milliseconds(30))  // the payment service
                return stock - 1
            }
        }) else { return }
        var pids: [Int32] = []
        while let pid = try? buyerPIDs.getNowait() { pids.append(pid) }
        #expect(pids.count == 10, "checkout should be called once per buyer (10 times), it was called \(pids.count) times")
        #expect(!pids.contains(getpid()), "a ticket was sold in the calling process: each buyer should be a child Process")
        #expect(Set(pids).count == pids.count, "each buyer should be a child of its own, but the sales came from the processes \(pids)")
        if left == 100 {
            Issue.record("10 buyers sold a ticket each, but the parent still counts 100 tickets left: every buyer sold from its own copy of the count. Keep the stock in a SharedValue, which every process sees")
        } else if left > 90 {
            Issue.record("10 buyers sold a ticket each, so 90 should be left, but \(left) are: \(left - 90) sales were lost. Two buyers read the same stock, and the later store overwrote the other sale; do the read, the checkout and the store together inside withLock { }")
        } else {
            #expect(left == 90, "100 tickets and 10 buyers should leave 90 tickets, not \(left)")
        }
    }

    /// When decrementCopies returns, every child has ended and been joined, even children that
    /// take a while to end after their work (here each one lingers 1 s, longer than a short sleep
    /// for each of the 6): none is left in the process table, running or ended. And they all
    /// ran at the same time.
    @Test func everyChildIsJoinedBeforeTheReport() throws {
        let seen = try ChildProcesses.endingLate(by: .seconds(1)) { try decrementCopies(start: 10, children: 6) }
        #expect(seen.value.childrenSaw == Array(repeating: 9, count: 6), "6 children of a tally of 10 should each see 9, got \(seen.value.childrenSaw)")
        #expect(seen.leftBehind.isEmpty, "decrementCopies returned while \(seen.leftBehind.count) of its children had not ended or were unjoined (each one here takes 1 s to end after its work): join every child; a sleep is not a join")
        #expect(seen.mostAtOnce == 6, "at most \(seen.mostAtOnce) of the 6 children were under way at once: start them all, then join them all (joining each right after its start runs them one after another)")
    }

    /// A slow payment service (0.3 s a sale, one sale at a time): the sale takes longer than any
    /// fixed wait in place of joins. And every buyer is under way at once: started before the
    /// first one is joined (each one here lingers 0.3 s after its sale).
    @Test func aSlowSaleIsWaitedForWithEveryBuyerUnderWayAtOnce() throws {
        let slowCheckout: @Sendable (Int) -> Int = { stock in
            Multitasking.Thread.sleep(for: .milliseconds(300))
            return stock - 1
        }
        // On bounded's thread, which starts the buyers: other suites start children too.
        guard let seen = try bounded("sellTickets(5, buyers: 5)", seconds: 12, {
            try ChildProcesses.endingLate(by: .milliseconds(300)) { try sellTickets(5, buyers: 5, checkout: slowCheckout) }
        }) else { return }
        #expect(seen.value == 0, "5 buyers should sell all 5 tickets, but when sellTickets returned \(seen.value) were left: return only once every buyer has been joined")
        #expect(seen.leftBehind.isEmpty, "sellTickets returned while \(seen.leftBehind.count) buyers had not ended or were unjoined: join every buyer")
        #expect(seen.mostAtOnce == 5, "at most \(seen.mostAtOnce) of the 5 buyers were under way at once: start them all, then join them all (joining each right after its start sells one ticket after another, each in a process of its own)")
    }

    @Test func everyTicketCanBeSold() throws {
        guard let left = try bounded("sellTickets(5, buyers: 5)", { try sellTickets(5, buyers: 5) { $0 - 1 } }) else { return }
        #expect(left == 0, "5 buyers should sell all 5 tickets, but \(left) are left")
    }
}
