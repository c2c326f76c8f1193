import CourseChecks
import CustomThread
import Multitasking
import XCTest

final class CustomThreadTests: XCTestCase {
    func testACountdownCountsOnItsOwnThread() throws {
        let launch = CountdownThread(name: "launch", from: 3, pause: .milliseconds(5))
        try runCountdowns([launch])
        XCTAssertEqual(launch.numbers, [3, 2, 1], "a countdown from 3 should record [3, 2, 1]")
        XCTAssertEqual(launch.ranOn, "launch", """
            run() ran on the thread named '\(launch.ranOn ?? "nil")', not on the countdown's own thread 'launch': \
            call start(), which runs run() on a new thread; calling run() yourself runs it on the caller
            """)
        XCTAssertNotNil(launch.ident, "the countdown was never started (its ident is nil): call start() on it")
        XCTAssertFalse(launch.isAlive, "runCountdowns should return after every countdown finished (join them)")
    }

    func testEveryCountdownGetsItsOwnNumbers() throws {
        let countdowns = (1...4).map { CountdownThread(name: "countdown-\($0)", from: $0, pause: .milliseconds(2)) }
        try runCountdowns(countdowns)
        for countdown in countdowns {
            XCTAssertEqual(countdown.numbers, Array((1...countdown.from).reversed()), "\(countdown.name) counted \(countdown.numbers)")
            XCTAssertEqual(countdown.ranOn, countdown.name, "\(countdown.name)'s run() ran on '\(countdown.ranOn ?? "nil")'")
        }
    }

    /// A slow countdown (3 x 0.3 s) beside quick ones: when runCountdowns returns, it too has
    /// counted down to 1, longer than any fixed wait put in place of a join.
    func testReturnsOnlyWhenTheSlowestCountdownHasFinished() throws {
        let slow = CountdownThread(name: "slow", from: 3, pause: .milliseconds(300))
        let quick = (1...2).map { CountdownThread(name: "quick-\($0)", from: 2, pause: .milliseconds(1)) }
        try runCountdowns([slow] + quick)
        XCTAssertEqual(slow.numbers, [3, 2, 1], "when runCountdowns returned the slow countdown had counted only \(slow.numbers): join every countdown")
        XCTAssertFalse(slow.isAlive, "the slow countdown was still running when runCountdowns returned: join every countdown")
    }

    /// Four countdowns of 5 x 40 ms: together about 200 ms, one after another 800 ms.
    func testCountdownsRunAtTheSameTime() throws {
        let check = Timing.ratio(
            "4 countdowns of 200 ms vs one after another", atMost: 0.6,
            of: {
                let countdowns = (1...4).map { CountdownThread(name: "timed-\($0)", from: 5, pause: .milliseconds(40)) }
                try? runCountdowns(countdowns)
            },
            against: .milliseconds(800))
        XCTAssertTrue(check.passed, "\(check): start every countdown, then join them all")
    }
}
