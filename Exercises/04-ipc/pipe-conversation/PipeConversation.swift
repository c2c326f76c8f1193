// Exercise pipe-conversation: A conversation through a pipe (chapter Inter-process communication).
// Read first: Exercises/04-ipc/lesson.md, the section on pipe-conversation.
// Check it: swift run grade pipe-conversation    Stuck? swift run grade hint pipe-conversation

import Multitasking

/// PROVIDED: the server's answer to one question.
public func answer(to question: String) -> String {
    "you asked: \(question)"
}

/// What came back from a conversation with the server.
public struct Conversation: Equatable, Sendable {
    /// The answers, one per question the server answered, in order.
    public var answers: [String]
    /// How the server process ended (0: normally), read after joining it.
    public var serverExitCode: Int32?

    public init(answers: [String], serverExitCode: Int32?) {
        (self.answers, self.serverExitCode) = (answers, serverExitCode)
    }
}

/// A conversation over a `Pipe()`. A server child process receives questions (`String`s) on
/// its end and sends back `answer(to:)` for each. It answers at most `limit` questions and then
/// hangs up (its process ends); it also ends normally, with exit code 0, when the parent closes
/// its end after the last question (its `recv` then throws `PipeError.closed`).
///
/// The parent sends the questions one at a time and receives each answer; it stops early when
/// the server has hung up: `send` or `recv` throws `PipeError.closed`, or `PipeError.truncated`
/// when the server ended with our last question unread. Then it closes its end, joins the
/// server and returns the answers with the server's exit code.
public func converse(_ questions: [String], serverAnswersAtMost limit: Int) throws -> Conversation {
    // TODO: make the pipe; start the server process; talk; close; join.
    // Remember that a child starts with copies of both ends.
    return Conversation(answers: [], serverExitCode: nil)
}
