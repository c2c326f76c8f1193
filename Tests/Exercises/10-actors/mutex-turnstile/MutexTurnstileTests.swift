import CourseChecks
import Multitasking
import MutexTurnstile
import Synchronization
import XCTest

final class MutexTurnstileTests: XCTestCase {
    func testLetsPeopleInUpToItsCapacity() {
        let turnstile = Turnstile(capacity: 2)
        XCTAssertEqual([turnstile.tryEnter(), turnstile.tryEnter(), turnstile.tryEnter()], [true, true, false], """
            a turnstile with capacity 2 should let the first two in and turn the third away
            """)
        turnstile.leave()
        XCTAssertTrue(turnstile.tryEnter(), "after one of two people left, the next should get in")
        XCTAssertEqual(turnstile.inside, 2)
        XCTAssertEqual(turnstile.admitted, 3, "three people entered, so admitted should be 3")
    }

    /// Four door threads of the runtime and two tasks of the app, all at once for half a
    /// second, with three places: each door counts its own entries and checks how many are
    /// inside right after it got in.
    func testDoorsAndTheAppAtOnceNeverOverfillIt() async throws {
        let capacity = 3
        let turnstile = Turnstile(capacity: capacity)
        let gauge = InFlightGauge()
        let end = ContinuousClock.now + .milliseconds(500)
        let doors = (0..<4).map { _ in DoorLog() }
        let threads = doors.enumerated().map { index, log in
            Thread(name: "door-\(index)") {
                while ContinuousClock.now < end { log.pass(through: turnstile, gauge: gauge, times: 256) }
            }
        }
        for thread in threads { try thread.start() }
        let app = (0..<2).map { _ in DoorLog() }
        await withTaskGroup(of: Void.self) { group in
            for log in app {
                group.addTask {
                    while ContinuousClock.now < end {
                        log.pass(through: turnstile, gauge: gauge, times: 256)
                        await Task.yield()
                    }
                }
            }
        }
        for thread in threads { try thread.join() }
        let entered = (doors + app).reduce(0) { $0 + $1.entered }
        let mostSeen = (doors + app).map(\.mostInside).max() ?? 0
        XCTAssertGreaterThan(entered, 0, "in half a second of six callers, tryEnter() never returned true")
        XCTAssertLessThanOrEqual(max(mostSeen, gauge.peak), capacity, """
            a turnstile with \(capacity) places had \(max(mostSeen, gauge.peak)) people inside at once. \
            tryEnter() checks for a free place and then takes it: another door can take the same place in between. \
            The check and the increment must be one indivisible step (one Mutex.withLock, or a compare-and-swap)
            """)
        XCTAssertEqual(turnstile.admitted, entered, """
            the callers entered \(entered) times and admitted says \(turnstile.admitted): \
            \(entered - turnstile.admitted) entries were lost. A load followed by a store is not one step; \
            two doors can both read 41 and both write 42
            """)
        XCTAssertEqual(turnstile.inside, 0, "everyone who entered has left, so inside should be 0; it is \(turnstile.inside)")
    }
}

/// One door's own record: how often it got in and the most people it saw inside right after.
/// Each log is used by one thread or task only, and read after it was joined.
private final class DoorLog: @unchecked Sendable {
    private(set) var entered = 0
    private(set) var mostInside = 0
    private var admittedSum = 0

    func pass(through turnstile: Turnstile, gauge: InFlightGauge, times: Int) {
        for _ in 0..<times where turnstile.tryEnter() {
            gauge.enter()
            entered += 1
            mostInside = max(mostInside, turnstile.inside)
            // Read while the other doors write: a count kept outside the lock is a data race.
            admittedSum &+= turnstile.admitted
            gauge.leave()
            turnstile.leave()
        }
    }
}
