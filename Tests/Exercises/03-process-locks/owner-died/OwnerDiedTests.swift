import CourseChecks
import CourseProvided
import Multitasking
import OwnerDied
import Testing

@Suite(.serialized) struct OwnerDiedTests {
    @Test func aSaleWithoutCrashesReportsNobody() throws {
        let office = try TicketOffice(tickets: 2, accessDelay: .milliseconds(20))
        defer { office.remove() }
        let buyers = (0..<5).map { "user-\($0)" }
        let outcome = runBounded(.seconds(10)) { try runSale(at: office, to: buyers) }
        guard case .returned(let crashed) = outcome else {
            Issue.record("runSale did not finish a sale of 2 tickets to 5 buyers within 10 s: \(outcome)")
            return
        }
        #expect(crashed == [], "no buyer crashed, but runSale reported \(crashed)")
        #expect(office.receipts.count == 2, "2 tickets for 5 buyers: expected 2 sold, got \(office.receipts)")
        #expect(office.remainingTickets == 0, "the file should say 0 tickets left, it says \(office.remainingTickets)")
    }

    /// A sale that takes longer than any fixed wait a solution might put in place of joins
    /// (4 buyers, 0.2 s each at the lock, and each lingers 0.3 s after its purchase): when
    /// runSale returns, every buyer has been joined; and all were under way at once.
    @Test func aLongSaleIsWaitedFor() throws {
        let office = try TicketOffice(tickets: 4, accessDelay: .milliseconds(100))
        defer { office.remove() }
        let buyers = (0..<4).map { "user-\($0)" }
        // On runBounded's thread, which starts the buyers: other suites start children too.
        let outcome = runBounded(.seconds(10)) {
            try ChildProcesses.endingLate(by: .milliseconds(300)) { try runSale(at: office, to: buyers) }
        }
        guard case .returned(let seen) = outcome else {
            Issue.record("runSale did not finish a sale of 4 tickets to 4 buyers within 10 s: \(outcome)")
            return
        }
        #expect(seen.value == [], "no buyer crashed, but runSale reported \(seen.value): join every buyer before reading its exit code")
        #expect(seen.leftBehind.isEmpty, "runSale returned while \(seen.leftBehind.count) buyers had not ended or were unjoined: join every buyer")
        #expect(office.receipts.count == 4, "4 tickets for 4 buyers: \(office.receipts)")
        #expect(seen.mostAtOnce == 4, "at most \(seen.mostAtOnce) of the 4 buyers were under way at once: start every buyer, then join them all (joining each right after its start sells one ticket after another)")
    }

    @Test func aBuyerKilledHoldingTheLockDoesNotStopTheSale() throws {
        // The office kills the first buyer that hands a ticket out: it has written the new
        // count, it holds the lock, and its ticket is not handed out.
        let office = try TicketOffice(tickets: 3, accessDelay: .milliseconds(20), crashesFirstSeller: true)
        defer { office.remove() }
        let buyers = (0..<6).map { "user-\($0)" }
        let outcome = runBounded(.seconds(10)) { try runSale(at: office, to: buyers) }
        switch outcome {
        case .hung:
            Issue.record("runSale was still running 10 s after a buyer was killed while holding the lock: the sale must go on without the dead buyer (join the buyers; do not wait for a sign that a dead process can never give)")
        case .threw(let error):
            Issue.record("runSale threw \(error): a crashed buyer should be reported in the result, not stop the sale")
        case .returned(let crashed):
            let receipts = office.receipts
            #expect(crashed.count == 1, "one buyer was killed, but runSale reported \(crashed)")
            if let dead = crashed.first {
                #expect(buyers.contains(dead), "runSale reported \(dead), who is not a buyer")
                #expect(!receipts.contains(dead), "the killed buyer \(dead) cannot have a receipt: \(receipts)")
            }
            #expect(receipts.count == 3,
                    "3 tickets for 6 buyers, one of them killed after writing the new count: expected 3 sold, got \(receipts.count) \(receipts). The dead buyer's ticket vanished: when lock.acquiredFromDeadOwner is true, repair the count with office.recount() before buying.")
            #expect(Set(receipts).count == receipts.count, "a buyer got two tickets: \(receipts)")
            #expect(office.remainingTickets == 0, "the file should say 0 tickets left, it says \(office.remainingTickets)")
        }
    }
}
