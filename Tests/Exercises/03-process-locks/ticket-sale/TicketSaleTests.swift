import CourseChecks
import CourseProvided
import Multitasking
import Testing
import TicketSale

@Suite(.serialized) struct TicketSaleTests {
    @Test func oneBuyerAloneBuysTheLastTicket() throws {
        let office = try TicketOffice(tickets: 1, accessDelay: .milliseconds(1))
        defer { office.remove() }
        #expect(try buyTicket(for: "alice", at: office), "with 1 ticket left, buyTicket should return true")
        #expect(office.remainingTickets == 0, "after the purchase the file should say 0 tickets left")
        #expect(office.receipts == ["alice"], "alice should have a receipt")
        #expect(try !buyTicket(for: "bob", at: office), "with no ticket left, buyTicket should return false")
        #expect(office.receipts == ["alice"], "bob should get no ticket when none is left")
        #expect(office.remainingTickets == 0, "the count must never go below 0")
    }

    @Test func tenBuyersOneTicket() throws {
        try checkSale(tickets: 1, buyers: 10)
    }

    @Test func eightBuyersThreeTickets() throws {
        try checkSale(tickets: 3, buyers: 8)
    }

    @Test func fewerBuyersThanTickets() throws {
        try checkSale(tickets: 5, buyers: 3)
    }

    /// The sale (0.2 s a ticket at the lock, 0.9 s in all) ends only when every buyer has,
    /// longer than any fixed wait put in place of the joins; and each buyer here lingers 0.3 s
    /// after its purchase, so the buyers under way at once show whether all were started
    /// before the first was joined.
    @Test func theBuyersAreAllWaitedFor() throws {
        let office = try TicketOffice(tickets: 4, accessDelay: .milliseconds(100))
        defer { office.remove() }
        let buyers = (0..<5).map { "user-\($0)" }
        let seen = try ChildProcesses.endingLate(by: .milliseconds(300)) { try sellTickets(at: office, to: buyers) }
        #expect(seen.leftBehind.isEmpty, "sellTickets returned while \(seen.leftBehind.count) buyers had not ended or were unjoined: join every buyer")
        #expect(office.receipts.count == 4, "4 tickets for 5 buyers: when sellTickets returned \(office.receipts) had one")
        #expect(seen.mostAtOnce == 5, "at most \(seen.mostAtOnce) of the 5 buyers were under way at once: start every buyer, then join them all. Joining each right after its start sells one ticket after another, and the lock is never put to the test")
    }

    private func checkSale(tickets: Int, buyers count: Int) throws {
        let office = try TicketOffice(tickets: tickets)
        defer { office.remove() }
        let buyers = (0..<count).map { "user-\($0)" }
        try sellTickets(at: office, to: buyers)
        let receipts = office.receipts
        let sold = min(tickets, count)
        #expect(receipts.count == sold,
                "\(tickets) ticket(s) for \(count) buyers: expected \(sold) sold, but \(receipts.count) buyers got one \(receipts). More means two buyers read the same count before either wrote: buy while holding one ProcessLock made before the buyers start.")
        #expect(Set(receipts).count == receipts.count, "a buyer got two tickets: \(receipts)")
        #expect(Set(receipts).isSubset(of: buyers), "receipts name someone who is not a buyer: \(receipts)")
        #expect(office.remainingTickets == tickets - sold,
                "expected \(tickets - sold) ticket(s) left in the file, it says \(office.remainingTickets)")
        #expect(office.queries.sorted() == buyers.sorted(),
                "every buyer should query the office once before buying; queries: \(office.queries)")
    }
}
