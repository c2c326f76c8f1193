import CourseChecks
import Glibc
import Multitasking
import StartAndJoin
import XCTest

/// One letter as a child reports it: to whom, and from which process.
private struct SentLetter: Codable, Sendable {
    var recipient: String
    var pid: Int32
}

final class StartAndJoinTests: XCTestCase {
    private func drain(_ queue: ProcessQueue<SentLetter>) -> [SentLetter] {
        var letters: [SentLetter] = []
        while let letter = try? queue.getNowait() { letters.append(letter) }
        return letters
    }

    func testEveryRecipientGetsOneLetterFromAChildProcess() throws {
        let recipients = ["ada", "brian", "grace", "ken", "linus"]
        let sent = try ProcessQueue<SentLetter>(name: "sent letters")
        try sendNewsletter(to: recipients) { recipient in
            try sent.put(SentLetter(recipient: recipient, pid: getpid()))
        }
        let letters = drain(sent)
        XCTAssertEqual(letters.map(\.recipient).sorted(), recipients,
                       "every recipient should get exactly one letter; the letters sent went to \(letters.map(\.recipient).sorted())")
        XCTAssertFalse(letters.contains { $0.pid == getpid() },
                       "a letter was sent by the calling process itself (pid \(getpid())): each send should run in a child Process")
        XCTAssertEqual(Set(letters.map(\.pid)).count, letters.count,
                       "each letter should be sent by a child of its own, but \(letters.count) letters came from \(Set(letters.map(\.pid)).count) processes")
    }

    func testReturnsOnlyWhenEveryLetterIsSent() throws {
        let recipients = ["ada", "brian", "grace"]
        let sent = try ProcessQueue<SentLetter>(name: "sent letters")
        try sendNewsletter(to: recipients) { recipient in
            Multitasking.Thread.sleep(for: .milliseconds(150))
            try sent.put(SentLetter(recipient: recipient, pid: getpid()))
        }
        let finished = sent.count
        XCTAssertEqual(finished, recipients.count,
                       "when sendNewsletter returned, only \(finished) of \(recipients.count) letters (each taking 0.15 s) had been sent: join every child before returning")
        // Let any child still sending finish before the next test.
        _ = drainAfterWaiting(sent, for: recipients.count - finished)
    }

    /// One mail server stalls for 1.5 s: longer than any fixed wait a solution might put in
    /// place of `join()`. Whatever the others do, that letter too is sent when the call returns.
    func testWaitsForTheSlowestLetter() throws {
        let recipients = ["ada", "stalled", "grace"]
        let sent = try ProcessQueue<SentLetter>(name: "sent letters")
        try sendNewsletter(to: recipients) { recipient in
            if recipient == "stalled" { Multitasking.Thread.sleep(for: .milliseconds(1500)) }
            try sent.put(SentLetter(recipient: recipient, pid: getpid()))
        }
        let finished = drain(sent).map(\.recipient)
        XCTAssertTrue(finished.contains("stalled"),
                      "sendNewsletter returned before the letter whose server took 1.5 s was sent (sent: \(finished.sorted())): join every child instead of waiting a fixed time")
        _ = drainAfterWaiting(sent, for: finished.contains("stalled") ? 0 : 1)
    }

    private func drainAfterWaiting(_ queue: ProcessQueue<SentLetter>, for missing: Int) -> Int {
        var got = 0
        while got < missing, (try? queue.get(timeout: .seconds(1))) != nil { got += 1 }
        return got
    }

    func testLettersGoOutAtTheSameTime() throws {
        let recipients = ["ada", "brian", "grace", "ken", "linus", "margaret"]
        // All at once take about one letter's time; two rounds (children started in batches,
        // or some joined inside the start loop) take two: the limit lies between.
        let letterTime = Duration.milliseconds(500)
        let check = try Timing.ratio(
            "6 letters of 0.5 s each, against the time of one letter", atMost: 1.7,
            of: { try sendNewsletter(to: recipients) { _ in Multitasking.Thread.sleep(for: letterTime) } },
            against: letterTime)
        XCTAssertTrue(check.passed,
                      "\(check). Sending 6 letters should take about as long as the longest one (0.5 s), not two rounds (1 s) or the sum (3 s): start all the children first, then join them all, instead of joining each one right after starting it")
    }

    func testNoRecipientsSendsNothing() throws {
        let sent = try ProcessQueue<SentLetter>(name: "sent letters")
        try sendNewsletter(to: []) { recipient in try sent.put(SentLetter(recipient: recipient, pid: getpid())) }
        XCTAssertTrue(drain(sent).isEmpty, "with no recipients no letter should be sent")
    }
}
