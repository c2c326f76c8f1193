import CourseChecks
import DeadlineRace
import Synchronization
import XCTest

final class DeadlineRaceTests: XCTestCase {
    /// The operation wins: its value comes back as soon as it is ready, and the deadline (the
    /// loser) is cancelled rather than awaited to its end. Measured against the limit.
    func testAQuickOperationReturnsItsValueWithoutWaitingForTheLimit() async throws {
        let limit = Duration.seconds(2)
        var outcome: BoundedOutcome<Int> = .hung
        let check = await Timing.retryingAsync { _ in
            let operation = Operation(duration: .milliseconds(50))
            let clock = ContinuousClock()
            let start = clock.now
            outcome = await runBounded(.seconds(10)) { try await withTimeout(limit) { try await operation.run(answer: 42) } }
            return TimingCheck(label: "0.05 s operation with a 2 s timeout vs the timeout", measured: clock.now - start,
                               baseline: limit, limit: 0.25, attempts: 1)
        }
        guard case .returned(let value) = outcome else {
            return XCTFail("a 0.05 s operation with a 2 s timeout should return its value; it gave \(outcome)")
        }
        XCTAssertEqual(value, 42, "withTimeout should return what the operation returned")
        XCTAssertTrue(check.passed, """
            \(check): the race was decided after 0.05 s, but withTimeout returned only when the deadline \
            ended too. A task group awaits every child at the end of its scope: cancel the loser (`group.cancelAll()`)
            """)
    }

    /// The deadline wins: TimeoutError comes soon after the limit, and the operation (the
    /// loser) was cancelled and has finished by the time withTimeout returns.
    func testASlowOperationIsCancelledAtTheLimit() async throws {
        let limit = Duration.milliseconds(100)
        var operation = Operation(duration: .seconds(3))
        var outcome: BoundedOutcome<Int> = .hung
        var stillRunning = 0
        let check = await Timing.retryingAsync { _ in
            operation = Operation(duration: .seconds(3))
            let clock = ContinuousClock()
            let start = clock.now
            outcome = await runBounded(.seconds(10)) { [operation] in try await withTimeout(limit) { try await operation.run(answer: 1) } }
            stillRunning = operation.gauge.current
            return TimingCheck(label: "3 s operation with a 0.1 s timeout vs the timeout", measured: clock.now - start,
                               baseline: limit, limit: 4, attempts: 1)
        }
        guard case .threw(let error) = outcome else {
            return XCTFail("a 3 s operation with a 0.1 s timeout should throw TimeoutError; withTimeout gave \(outcome)")
        }
        XCTAssertEqual(error, "\(TimeoutError(limit: limit))", "withTimeout should throw TimeoutError(limit: 0.1 s)")
        XCTAssertTrue(check.passed, "\(check): the timeout should be thrown soon after the limit")
        XCTAssertEqual(stillRunning, 0, """
            the operation was still running when withTimeout threw: the loser of the race must be cancelled, \
            and it is finished only if it ran as a child task of a group (structured), not in a `Task { }` of its own
            """)
        XCTAssertEqual(operation.cancelledRuns, 1, "the timed-out operation should have been cancelled")
    }

    func testAnErrorOfTheOperationIsThrownAsItIs() async throws {
        let operation = Operation(duration: .milliseconds(20), failing: true)
        let outcome = await runBounded(.seconds(10)) { try await withTimeout(.seconds(2)) { try await operation.run(answer: 0) } }
        guard case .threw(let error) = outcome else {
            return XCTFail("the operation threw, so withTimeout should throw its error; it gave \(outcome)")
        }
        XCTAssertEqual(error, "\(OperationError.failed)", "withTimeout should throw the operation's own error")
    }

    func testCancellingTheCallerCancelsTheOperation() async throws {
        let operation = Operation(duration: .seconds(3))
        let caller = Task { try await withTimeout(.seconds(5)) { try await operation.run(answer: 1) } }
        try await Task.sleep(for: .milliseconds(100))
        caller.cancel()
        let outcome = await runBounded(.seconds(10)) { try await caller.value }
        guard case .threw(let error) = outcome else {
            return XCTFail("withTimeout in a cancelled task should throw CancellationError; it gave \(outcome)")
        }
        XCTAssertEqual(error, "\(CancellationError())", "withTimeout in a cancelled task should throw the operation's CancellationError")
        XCTAssertEqual(operation.cancelledRuns, 1, "the caller was cancelled, so the operation should be cancelled with it")
    }
}

enum OperationError: Error, CustomStringConvertible {
    case failed
    var description: String { "the operation failed" }
}

/// An operation that takes `duration` (a cancellable sleep), counted in flight.
final class Operation: Sendable {
    let gauge = InFlightGauge()
    private let duration: Duration
    private let failing: Bool
    private let cancelled = Atomic<Int>(0)

    init(duration: Duration, failing: Bool = false) {
        (self.duration, self.failing) = (duration, failing)
    }

    var cancelledRuns: Int { cancelled.load(ordering: .relaxed) }

    func run(answer: Int) async throws -> Int {
        try await gauge.measure {
            do {
                try await Task.sleep(for: duration)
            } catch {
                cancelled.wrappingAdd(1, ordering: .relaxed)
                throw error
            }
            if failing { throw OperationError.failed }
            return answer
        }
    }
}
