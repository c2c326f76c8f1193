// Exercise join-and-enumerate: Join, activeCount and enumerate (chapter Threads).
// Read first: Exercises/05-threads/lesson.md, the section on join-and-enumerate.
// Check it: swift run grade join-and-enumerate    Stuck? swift run grade hint join-and-enumerate

import Multitasking

/// What `sendMails` saw.
public struct MailReport: Sendable, Equatable {
    /// The numbers of the mails sent, sorted; read after every mailer has been joined.
    public var sent: [Int] = []
    /// `activeCount()` right after every mailer was started.
    public var activeWhileSending = 0
    /// The names of the threads `enumerate()` listed right after every mailer was started.
    public var aliveWhileSending: [String] = []
    /// The names of the threads `enumerate()` listed after every mailer was joined.
    public var aliveAfterJoining: [String] = []

    public init() {}
}

/// Sends `count` mails, each on its own thread named `mailer-0`, `mailer-1`, ...: mailer `i`
/// sleeps `delay(i)` (sending mail takes time) and then adds `i` to the list of sent mails
/// (a list shared by every mailer: guard it with a `Lock`).
///
/// Start every mailer; then, while they are still sleeping, fill in `activeWhileSending` and
/// `aliveWhileSending`; then join every mailer; then fill in `aliveAfterJoining` and `sent`.
public func sendMails(count: Int, delay: @escaping @Sendable (Int) -> Duration) throws -> MailReport {
    // TODO: start the mailers, look at the live threads, join the mailers, fill in and return
    // a `MailReport`.
    return MailReport()
}
