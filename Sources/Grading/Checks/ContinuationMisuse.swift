import Foundation

/// A checked continuation's report of its misuse, found in a test's output. Swift's
/// `CheckedContinuation` prints `SWIFT TASK CONTINUATION MISUSE: <function> tried to resume its
/// continuation more than once, ...` and ends the process, or `... <function> leaked its
/// continuation ...` when one is dropped unresumed (its task then waits for ever). Either is
/// the whole story of the failure, and the function it names is the student's: the grader
/// says so in one line instead of "crashed with signal SIGILL" or a timed-out test.
struct ContinuationMisuse: Equatable, CustomStringConvertible {
    enum Kind: Equatable {
        case resumedTwice
        case leaked
    }

    /// The function that called `withChecked(Throwing)Continuation`, as Swift's `#function`
    /// names it: "temperature(from:)".
    var function: String
    var kind: Kind

    /// The report, worded when it is shown (in the report's language).
    var message: Message {
        switch kind {
        case .resumedTwice: Message(.problemContinuationResumedTwice, ["function": .verbatim(function)])
        case .leaked: Message(.problemContinuationLeaked, ["function": .verbatim(function)])
        }
    }

    var description: String { message.text(.en) }

    static let marker = "SWIFT TASK CONTINUATION MISUSE: "

    /// Every misuse reported in `output`, each once, in the order of their first report.
    static func reports(in output: String) -> [ContinuationMisuse] {
        var found: [ContinuationMisuse] = []
        for line in output.split(separator: "\n") {
            guard let start = line.range(of: marker)?.upperBound else { continue }
            let rest = line[start...]
            let misuse: ContinuationMisuse?
            if let end = rest.range(of: " tried to resume its continuation more than once") {
                misuse = ContinuationMisuse(function: String(rest[..<end.lowerBound]), kind: .resumedTwice)
            } else if let end = rest.range(of: " leaked its continuation") {
                misuse = ContinuationMisuse(function: String(rest[..<end.lowerBound]), kind: .leaked)
            } else {
                misuse = nil
            }
            if let misuse, !found.contains(misuse) { found.append(misuse) }
        }
        return found
    }
}
