import Multitasking

/// Sends the newsletter: one child process per recipient, each calling `send(recipient)`.
///
/// Sending one letter takes a while (it waits for the mail server), so all the letters should
/// be on their way at the same time: start every child first, then join every child. Return
/// only when every letter has been sent.
///
/// Example: with 10 recipients and a `send` that takes 1 second, `sendNewsletter` takes about
/// 1 second, not 10.
public func sendNewsletter(to recipients: [String], send: @escaping @Sendable (String) throws -> Void) throws {
    var mailers: [Process] = []
    for recipient in recipients {
        let mailer = Process(name: "mail to \(recipient)") { try send(recipient) }
        try mailer.start()
        mailers.append(mailer)
    }
    for mailer in mailers { try mailer.join() }
}
