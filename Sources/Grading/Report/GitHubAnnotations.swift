import Foundation

/// On GitHub Actions (`GITHUB_ACTIONS=true`) each failure is also printed as a workflow command,
/// `::error file=F,line=L,title=T::message`, which GitHub shows on the line of the pull request's
/// diff. One annotation per failing test (at its expectation), per compiler error, and one per
/// crashed, hung or broken exercise (at its first starter or solution file).
package struct GitHubAnnotations: Sendable {
    package var outcome: GradingOutcome

    package init(outcome: GradingOutcome) {
        self.outcome = outcome
    }

    package static func enabled(environment: [String: String]) -> Bool {
        environment["GITHUB_ACTIONS"] == "true"
    }

    package var lines: [String] {
        var lines: [String] = []
        for result in outcome.results where result.verdict != .passed {
            guard let exercise = outcome.exercise(result.exerciseID) else { continue }
            let file = outcome.plan.sources == .starters ? exercise.starters[0] : exercise.solutions[0]
            let title = "\(exercise.id): \(result.verdict.rawValue)"
            switch result.verdict {
            case .passed:
                break
            case .failed:
                for test in result.tests where test.outcome == .failed {
                    for failure in test.failures.prefix(1) {
                        lines.append(Self.command(file: failure.file ?? file, line: failure.line, title: title,
                                                  message: "\(test.suite)/\(test.name): \(failure.message)"))
                    }
                }
            case .compileError:
                for diagnostic in result.diagnostics {
                    let first = String(diagnostic.split(separator: "\n").first ?? "")
                    if let parsed = Self.place(of: first) {
                        lines.append(Self.command(file: parsed.file, line: parsed.line, title: title, message: parsed.message))
                    } else {
                        lines.append(Self.command(file: file, line: nil, title: title, message: first))
                    }
                }
            case .crashed, .timedOut, .outOfMemory, .error, .dataRace, .deadlock:
                let message = ([result.problem ?? result.verdict.rawValue] + result.findings.prefix(1)).joined(separator: "\n")
                lines.append(Self.command(file: file, line: nil, title: title, message: message))
            }
        }
        return lines
    }

    package var text: String { lines.map { $0 + "\n" }.joined() }

    static func command(file: String, line: Int?, title: String, message: String) -> String {
        var properties = ["file=" + escapeProperty(file)]
        if let line { properties.append("line=\(line)") }
        properties.append("title=" + escapeProperty(title))
        return "::error " + properties.joined(separator: ",") + "::" + escapeData(message.xmlSafe)
    }

    /// `path:line:column: error: message` as the grader stores compiler diagnostics.
    static func place(of diagnostic: String) -> (file: String, line: Int, message: String)? {
        guard let marker = diagnostic.range(of: ": error: ") else { return nil }
        let place = diagnostic[..<marker.lowerBound].split(separator: ":")
        guard place.count >= 3, let line = Int(place[place.count - 2]) else { return nil }
        return (place.dropLast(2).joined(separator: ":"), line, String(diagnostic[marker.upperBound...]))
    }

    /// GitHub's escaping for a command's message.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// GitHub's escaping for a command's property values.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
