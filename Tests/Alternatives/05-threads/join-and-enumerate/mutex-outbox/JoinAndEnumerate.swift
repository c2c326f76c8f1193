import Multitasking
import Synchronization

public struct MailReport: Sendable, Equatable {
    public var sent: [Int] = []
    public var activeWhileSending = 0
    public var aliveWhileSending: [String] = []
    public var aliveAfterJoining: [String] = []

    public init() {}
}

public func sendMails(count: Int, delay: @escaping @Sendable (Int) -> Duration) throws -> MailReport {
    let outbox = Mutex<[Int]>([])
    let mailers = (0..<count).map { mail in
        Thread(name: "mailer-\(mail)") {
            Thread.sleep(for: delay(mail))
            outbox.withLock { $0.append(mail) }
        }
    }
    for mailer in mailers { try mailer.start() }

    var report = MailReport()
    report.activeWhileSending = activeCount()
    report.aliveWhileSending = enumerate().map(\.name)

    for mailer in mailers.reversed() { try mailer.join() }
    report.aliveAfterJoining = enumerate().map(\.name)
    report.sent = outbox.withLock { $0.sorted() }
    return report
}
