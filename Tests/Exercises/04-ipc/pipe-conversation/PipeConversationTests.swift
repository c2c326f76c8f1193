import CourseChecks
import Multitasking
import PipeConversation
import Testing

@Suite(.serialized) struct PipeConversationTests {
    @Test func everyQuestionIsAnsweredAndTheServerEndsWhenThePipeCloses() throws {
        let questions = ["who?", "what?", "when?", "where?"]
        let outcome = runBounded(.seconds(10)) { try converse(questions, serverAnswersAtMost: 10) }
        switch outcome {
        case .hung:
            Issue.record("converse asked 4 questions of a server that answers up to 10, and was still running 10 s later. After the last question the parent closes its end; the server must then see the end of the stream, which it sees only if no process holds a copy of the parent's end open: the server (a child) has one too, and must close it. A server that ignores the end of the stream also never ends.")
        case .threw(let error):
            Issue.record("converse threw \(error)")
        case .returned(let conversation):
            #expect(conversation.answers == questions.map(answer(to:)),
                    "expected one answer per question, in order; got \(conversation.answers)")
            #expect(conversation.serverExitCode == 0,
                    "the server should end normally (exit code 0) when the parent closes its end; its exit code was \(conversation.serverExitCode.map(String.init) ?? "nil (was it joined?)")")
        }
    }

    @Test func aServerThatHangsUpEndsTheConversation() throws {
        let questions = ["one", "two", "three", "four", "five"]
        let outcome = runBounded(.seconds(10)) { try converse(questions, serverAnswersAtMost: 2) }
        switch outcome {
        case .hung:
            Issue.record("the server answered 2 of 5 questions and hung up, and converse was still running 10 s later: the parent's recv waits for ever if the parent still holds its own copy of the server's end. Close it right after starting the server, then recv throws PipeError.closed when the server ends.")
        case .threw(let error):
            Issue.record("converse threw \(error): when the server hangs up, stop asking and return the answers so far")
        case .returned(let conversation):
            #expect(conversation.answers == questions.prefix(2).map(answer(to:)),
                    "the server answers 2 questions and hangs up: expected the first 2 answers, got \(conversation.answers)")
            #expect(conversation.serverExitCode == 0, "the server should end with exit code 0 after its 2 answers; got \(String(describing: conversation.serverExitCode))")
        }
    }

    /// A server that takes a while to end after the parent has closed its end (here it
    /// lingers 0.5 s): converse returns only once it has been joined, with its exit code.
    @Test func aServerSlowToEndIsJoined() throws {
        let questions = ["who?", "what?"]
        // On runBounded's thread, which starts the server: other suites start children too.
        let outcome = runBounded(.seconds(10)) {
            try ChildProcesses.endingLate(by: .milliseconds(500)) { try converse(questions, serverAnswersAtMost: 10) }
        }
        guard case .returned(let seen) = outcome else {
            Issue.record("converse asked 2 questions of a server that answers up to 10, and did not return within 10 s: \(outcome)")
            return
        }
        #expect(seen.value.answers == questions.map(answer(to:)), "expected one answer per question, in order; got \(seen.value.answers)")
        #expect(seen.value.serverExitCode == 0,
                "the server takes 0.5 s to end here, and converse returned with its exit code \(seen.value.serverExitCode.map(String.init) ?? "nil (not ended yet)"): join the server (a sleep is not a join) before reading its exit code")
        #expect(seen.leftBehind.isEmpty, "converse returned while the server had not ended or was unjoined: join it before returning")
    }

    @Test func noQuestions() throws {
        let outcome = runBounded(.seconds(10)) { try converse([], serverAnswersAtMost: 3) }
        guard case .returned(let conversation) = outcome else {
            Issue.record("converse([]) did not return within 10 s: \(outcome)")
            return
        }
        #expect(conversation == Conversation(answers: [], serverExitCode: 0),
                "no questions: expected no answers and a server that ended with exit code 0; got \(conversation)")
    }
}
