import CourseChecks
import CourseProvided
import LockScope
import Multitasking
import XCTest

final class LockScopeTests: XCTestCase {
    func testTheSaleSellsEachTicketOnce() throws {
        let office = try TicketOffice(tickets: 2, queryDelay: .milliseconds(20), accessDelay: .milliseconds(40))
        defer { office.remove() }
        let buyers = (0..<8).map { "user-\($0)" }
        try sellTickets(at: office, to: buyers)
        let receipts = office.receipts
        XCTAssertEqual(receipts.count, 2,
                       "2 tickets for 8 buyers: expected 2 sold, but \(receipts.count) buyers got one \(receipts): the purchase must still happen under the ProcessLock")
        XCTAssertEqual(Set(receipts).count, receipts.count, "a buyer got two tickets: \(receipts)")
        XCTAssertEqual(office.remainingTickets, 0, "the file should say 0 tickets left")
        XCTAssertEqual(office.queries.sorted(), buyers.sorted(),
                       "every buyer should query the office once before buying; queries: \(office.queries)")
    }

    func testQueriesRunAtTheSameTime() throws {
        // A query takes 200 ms and a purchase about 20 ms. Six buyers whose queries overlap
        // take about 200 + 6 x 20 ms, a little more than one buyer alone; six buyers that
        // query while holding the lock take 6 x 220 ms, six times one buyer.
        func sale(buyers: Int) throws {
            let office = try TicketOffice(tickets: 2, queryDelay: .milliseconds(200), accessDelay: .milliseconds(10))
            defer { office.remove() }
            try sellTickets(at: office, to: (0..<buyers).map { "user-\($0)" })
            XCTAssertEqual(office.queries.count, buyers, "every buyer should query the office once")
        }
        let check = try Timing.ratio(
            "six buyers vs one buyer", atMost: 3.0,
            of: { try sale(buyers: 6) }, against: { try sale(buyers: 1) })
        XCTAssertTrue(
            check.passed,
            "\(check). Six buyers took about six times as long as one: their slow queries ran one after another. Query without the lock, and hold it only to buy.")
    }

    func testNoBuyersNoSale() throws {
        let office = try TicketOffice(tickets: 1)
        defer { office.remove() }
        try sellTickets(at: office, to: [])
        XCTAssertEqual(office.receipts, [])
        XCTAssertEqual(office.remainingTickets, 1)
    }
}
