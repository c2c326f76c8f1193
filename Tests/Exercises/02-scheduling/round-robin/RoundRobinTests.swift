import RoundRobin
import XCTest

final class RoundRobinTests: XCTestCase {
    func testTwoJobsTakeTurns() {
        XCTAssertEqual(roundRobinCompletionTimes(bursts: [5, 3], quantum: 2), [8, 7])
    }

    func testLargeQuantumIsFirstComeFirstServed() {
        XCTAssertEqual(
            roundRobinCompletionTimes(bursts: [24, 3, 3], quantum: 100), [24, 27, 30],
            "with a quantum longer than every burst, round robin runs jobs in order")
    }

    func testTextbookExample() {
        XCTAssertEqual(roundRobinCompletionTimes(bursts: [24, 3, 3], quantum: 4), [30, 7, 10])
    }
}
