import CourseChecks
import Multitasking
import QueueResult
import XCTest

final class QueueResultTests: XCTestCase {
    private let orders = (1...12).map { order in (1...order).map { $0 * 10 } }
    private var expected: [Int] { orders.map { $0.reduce(0, +) } }

    func testTheTotalsComeBackInOrder() throws {
        let results = try ProcessQueue<Int>(name: "results")
        let orders = self.orders
        let outcome = runBounded(.seconds(20)) { try totalsFromChild(orders, through: results) }
        guard case .returned(let totals) = outcome else {
            return XCTFail("totalsFromChild did not return 12 totals within 20 s: \(outcome)")
        }
        XCTAssertEqual(totals, expected,
                       "expected the 12 totals the child computed, in order; got \(totals.count): \(totals). The parent must take one total per order from the queue, waiting for each with get().")
        XCTAssertTrue(results.isEmpty, "every total should have been taken out of the queue; \(results.count) left")
    }

    /// When totalsFromChild returns, its child has ended and been joined, even a child that
    /// takes a while to end after its last total (here it lingers 0.5 s): it is not left in
    /// the process table, running or ended.
    func testTheChildIsJoinedBeforeItReturns() throws {
        let results = try ProcessQueue<Int>(name: "results")
        let orders = self.orders
        // On runBounded's thread, which starts the child: other suites start children too.
        let outcome = runBounded(.seconds(20)) {
            try ChildProcesses.endingLate(by: .milliseconds(500)) { try totalsFromChild(orders, through: results) }
        }
        guard case .returned(let seen) = outcome else { return XCTFail("totalsFromChild did not return within 20 s: \(outcome)") }
        XCTAssertEqual(seen.value, expected, "expected the 12 totals the child computed, in order")
        XCTAssertTrue(seen.leftBehind.isEmpty, "totalsFromChild returned while its child had not ended or was unjoined (it takes 0.5 s to end after its last total here): join it after taking the totals out; a sleep is not a join")
    }

    func testNoOrdersNoTotals() throws {
        let results = try ProcessQueue<Int>(name: "results")
        let outcome = runBounded(.seconds(20)) { try totalsFromChild([], through: results) }
        guard case .returned(let totals) = outcome else {
            return XCTFail("totalsFromChild([]) did not return within 20 s: \(outcome)")
        }
        XCTAssertEqual(totals, [])
    }

    func testABoundedQueueIsDrainedBeforeTheChildIsJoined() throws {
        // Room for 2 totals, and 12 to send: the child can end only after the parent has taken
        // at least 10 of them out.
        let results = try ProcessQueue<Int>(maxsize: 2, name: "results")
        let orders = self.orders
        let outcome = runBounded(.seconds(10), unblock: {
            // Make room so that a child stuck in put() can end and the code under test return.
            while (try? results.get(timeout: .milliseconds(200))) != nil {}
        }) { try totalsFromChild(orders, through: results) }
        switch outcome {
        case .hung:
            XCTFail("totalsFromChild hung with a queue of maxsize 2 and 12 totals: the child waits in put() for room, and the parent waits in join() for the child. Take the totals out before joining.")
        case .threw(let error):
            XCTFail("totalsFromChild threw \(error)")
        case .returned(let totals):
            XCTAssertEqual(totals, expected, "expected the 12 totals in order through a queue of maxsize 2; got \(totals)")
        }
    }
}
