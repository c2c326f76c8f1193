// Exercise start-and-join: Start them all, then join them all (chapter Processes).
// Read first: Exercises/02-processes/lesson.md, the section on start-and-join.
// Check it: swift run grade start-and-join    Stuck? swift run grade hint start-and-join

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
    // TODO: create one Process per recipient whose target calls send(recipient).
    // TODO: start them all, and only then join them all.
}
