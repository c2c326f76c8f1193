import JoinAndEnumerate
import Multitasking
import XCTest

final class JoinAndEnumerateTests: XCTestCase {
    /// Mailer i sleeps 100-190 ms: long enough to be still asleep when the threads are listed.
    private let delay: @Sendable (Int) -> Duration = { .milliseconds(100 + ($0 * 37) % 91) }

    /// One mail server stalls for 1.5 s, longer than any fixed wait put in place of a join:
    /// its mail too is in the report.
    func testTheSlowestMailIsSentBeforeTheReport() throws {
        let report = try sendMails(count: 3) { $0 == 1 ? .milliseconds(1500) : .milliseconds(10) }
        XCTAssertEqual(report.sent, [0, 1, 2], "mailer 1 took 1.5 s and the report lists \(report.sent) as sent: join every mailer before reading the sent mails")
        XCTAssertFalse(report.aliveAfterJoining.contains("mailer-1"), "mailer-1 was still alive after the joins: join every mailer")
    }

    func testEveryMailIsSentBeforeTheReport() throws {
        let report = try sendMails(count: 12, delay: delay)
        XCTAssertEqual(report.sent, Array(0..<12), """
            the report lists mails \(report.sent) as sent, expected 0...11: read the sent mails only after \
            joining every mailer (a started thread may not have done its work yet)
            """)
    }

    /// Mailers asleep for 0.6-0.69 s, and up to three tries: on a loaded machine, starting twelve
    /// threads once outlasted the first one's 100 ms. A listing made after the joins (or before
    /// the starts) misses them every time.
    func testTheMailersAreListedWhileTheyRun() throws {
        let mailers = Set((0..<12).map { "mailer-\($0)" })
        let longDelay: @Sendable (Int) -> Duration = { .milliseconds(600 + ($0 * 37) % 91) }
        var report = try sendMails(count: 12, delay: longDelay)
        for _ in 1..<3 where !mailers.isSubset(of: report.aliveWhileSending) {
            report = try sendMails(count: 12, delay: longDelay)
        }
        let listed = mailers.intersection(report.aliveWhileSending)
        XCTAssertEqual(listed, mailers, """
            enumerate() right after starting the mailers should list all 12 of them (they sleep at least 600 ms); \
            it listed \(listed.count): \(report.aliveWhileSending)
            """)
        XCTAssertTrue(report.aliveWhileSending.contains("MainThread"), "enumerate() lists the main thread too: \(report.aliveWhileSending)")
        XCTAssertGreaterThanOrEqual(report.activeWhileSending, 13,
                                    "activeCount() while 12 mailers run should be at least 13 (the mailers and the main thread), was \(report.activeWhileSending)")
    }

    func testNoMailerIsListedAfterTheJoins() throws {
        let report = try sendMails(count: 5, delay: delay)
        let leftOver = report.aliveAfterJoining.filter { $0.hasPrefix("mailer-") }
        XCTAssertTrue(leftOver.isEmpty, "after every join, enumerate() should list no mailer; it listed \(leftOver)")
        XCTAssertFalse(report.aliveAfterJoining.isEmpty, "enumerate() after the joins still lists the main thread, but the report is empty")
    }
}
