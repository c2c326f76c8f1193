import Multitasking

/// MISTAKE: each child is joined right after it is started, so the letters go out one after
/// another and the whole newsletter takes the sum of the sending times.
public func sendNewsletter(to recipients: [String], send: @escaping @Sendable (String) throws -> Void) throws {
    for recipient in recipients {
        let mailer = Process(name: "mail to \(recipient)") { try send(recipient) }
        try mailer.start()
        try mailer.join()
    }
}
