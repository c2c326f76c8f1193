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

/// The mails sent so far, shared by every mailer.
final class Outbox: @unchecked Sendable {
    private let lock = Lock(name: "outbox")
    private var sent: [Int] = []  // guarded by `lock`

    func add(_ mail: Int) { lock.withLock { sent.append(mail) } }
    var sorted: [Int] { lock.withLock { sent.sorted() } }
}

/// Sends `count` mails, each on its own thread named `mailer-0`, `mailer-1`, ...: mailer `i`
/// sleeps `delay(i)` (sending mail takes time) and then adds `i` to the list of sent mails
/// (a list shared by every mailer: guard it with a `Lock`).
///
/// Start every mailer; then, while they are still sleeping, fill in `activeWhileSending` and
/// `aliveWhileSending`; then join every mailer; then fill in `aliveAfterJoining` and `sent`.
public func sendMails(count: Int, delay: @escaping @Sendable (Int) -> Duration) throws -> MailReport {
    let outbox = Outbox()
    let mailers = (0..<count).map { mail in
        Thread(name: "mailer-\(mail)") {
            Thread.sleep(for: delay(mail))
            outbox.add(mail)
        }
    }
    for mailer in mailers { try mailer.start() }

    var report = MailReport()
    report.activeWhileSending = activeCount()
    report.aliveWhileSending = enumerate().map(\.name)
    // The mailers have been started, so surely they are done by the time we look.
    report.sent = outbox.sorted

    for mailer in mailers { try mailer.join() }
    report.aliveAfterJoining = enumerate().map(\.name)
    return report
}
