import BoundedGroup
import CourseChecks
import XCTest

final class BoundedGroupTests: XCTestCase {
    func testResultsComeBackInTheOrderOfTheItems() async throws {
        let worker = Worker { .milliseconds(10 * (10 - $0)) }
        let outcome = await runBounded(.seconds(10)) { try await processAll(Array(0..<10), atMost: 3, using: worker.square) }
        guard case .returned(let results) = outcome else {
            return XCTFail("processAll(0..<10, atMost: 3) did not return within 10 s: \(outcome)")
        }
        XCTAssertEqual(results, (0..<10).map { $0 * $0 }, """
            processAll should return the squares in the order of the items (here later items finish \
            first); remember each child's index
            """)
    }

    /// The promise of a bounded group: never more than `limit` in flight, and exactly `limit`
    /// while there are enough items (fewer would waste the slots).
    func testNeverMoreThanTheLimitInFlight() async throws {
        for (items, limit, expected) in [(12, 3, 3), (6, 1, 1), (5, 20, 5)] {
            let worker = Worker { _ in .milliseconds(40) }
            let outcome = await runBounded(.seconds(10)) { try await processAll(Array(0..<items), atMost: limit, using: worker.square) }
            guard case .returned(let results) = outcome else {
                return XCTFail("processAll(\(items) items, atMost: \(limit)) did not return within 10 s: \(outcome)")
            }
            XCTAssertEqual(results.count, items, "processAll(\(items) items, atMost: \(limit)) should return \(items) results")
            XCTAssertLessThanOrEqual(worker.gauge.peak, limit, """
                \(items) items with atMost: \(limit): \(worker.gauge.peak) were in flight at the same moment. \
                Start `limit` children first, then one more each time one finishes
                """)
            XCTAssertEqual(worker.gauge.peak, expected, """
                \(items) items with atMost: \(limit): only \(worker.gauge.peak) were ever in flight at once, \
                \(expected) should be
                """)
        }
    }

    /// One slow item must not hold back the others: with two slots, the slow item keeps one
    /// slot while the short ones pass through the other. Waiting for whole batches instead
    /// leaves a slot idle next to every slow item.
    func testASlowItemDoesNotHoldBackTheOtherSlots() async throws {
        let slow = Duration.milliseconds(400)
        let worker = Worker { $0 == 0 ? slow : .milliseconds(50) }
        var outcome: BoundedOutcome<[Int]> = .hung
        let check = await Timing.ratioAsync(
            "one 0.4 s item and eight 0.05 s items, 2 at a time, vs 0.4 s", atMost: 1.3,
            of: { outcome = await runBounded(.seconds(10)) { try await processAll(Array(0..<9), atMost: 2, using: worker.square) } },
            against: slow)
        guard case .returned(let results) = outcome, results == (0..<9).map({ $0 * $0 }) else {
            return XCTFail("processAll(0..<9, atMost: 2) should return the 9 squares in order; it gave \(outcome)")
        }
        XCTAssertTrue(check.passed, """
            \(check). While the slow item runs, the eight short ones fit in the other slot: start the next \
            item as soon as any child finishes (`group.next()`), not when a whole batch has finished
            """)
    }

    func testAFailingItemFailsTheWhole() async throws {
        let worker = Worker(failing: 4) { _ in .milliseconds(10) }
        let outcome = await runBounded(.seconds(10)) { try await processAll(Array(0..<8), atMost: 3, using: worker.square) }
        guard case .threw(let error) = outcome else {
            return XCTFail("work on item 4 threw, so processAll should throw; it gave \(outcome)")
        }
        XCTAssertEqual(error, "\(WorkError.failed(4))", "processAll should throw the error work threw")
    }
}

enum WorkError: Error, CustomStringConvertible {
    case failed(Int)
    var description: String { switch self { case .failed(let item): "work on item \(item) failed" } }
}

/// Squares its item after a (cancellable) sleep, counted in flight.
final class Worker: Sendable {
    let gauge = InFlightGauge()
    private let delay: @Sendable (Int) -> Duration
    private let failing: Int?

    init(failing: Int? = nil, delay: @escaping @Sendable (Int) -> Duration) {
        (self.delay, self.failing) = (delay, failing)
    }

    @Sendable func square(_ item: Int) async throws -> Int {
        try await gauge.measure {
            try await Task.sleep(for: delay(item))
            if item == failing { throw WorkError.failed(item) }
            return item * item
        }
    }
}
