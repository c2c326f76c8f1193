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
    let (parentEnd, serverEnd) = try Pipe()
    let server = Process(name: "server") {
        // The child has a copy of the parent's end too: close it, or the parent closing its
        // own copy never reaches this process as the end of the stream.
        parentEnd.close()
        var answered = 0
        while answered < limit {
            guard let question = try? serverEnd.recv(String.self) else { return }
            try serverEnd.send(answer(to: question))
            answered += 1
        }
    }
    try server.start()
    // Likewise the parent closes its copy of the server's end: when the server ends, nothing
    // holds that end open any more, and the parent's recv learns the server hung up.
    serverEnd.close()
    var answers: [String] = []
    for question in questions {
        do {
            try parentEnd.send(question)
            answers.append(try parentEnd.recv(String.self))
        } catch {
            break
        }
    }
    parentEnd.close()
    try server.join()
    return Conversation(answers: answers, serverExitCode: server.exitCode)
}
