import Foundation

/// The report students read: per chapter and exercise a verdict, points and time; for a
/// failure the expectation's message with file:line and the exercise's first hint; for a
/// compile error the compiler's diagnostics; for a crash or timeout what it printed last;
/// then the score.
public struct TerminalReport: Sendable {
    public var outcome: GradingOutcome
    public var style: TerminalStyle
    /// Paths in messages are shown relative to this folder (the package root).
    public var root: String

    public init(outcome: GradingOutcome, style: TerminalStyle, root: String) {
        (self.outcome, self.style, self.root) = (outcome, style, root)
    }

    public var text: String {
        var lines: [String] = []
        let course = outcome.course
        lines.append(style.bold("\(course.title) \(course.version)") + style.dim(" (grading the \(outcome.plan.sources.rawValue))"))
        let width = max(12, outcome.results.map(\.exerciseID.count).max() ?? 0)
        for chapter in course.chapters {
            let results = outcome.results.filter { result in chapter.exercises.contains { $0.id == result.exerciseID } }
            guard !results.isEmpty else { continue }
            lines.append("")
            lines.append(style.bold(chapter.title))
            for result in results {
                lines += exerciseLines(result, exercise: outcome.exercise(result.exerciseID)!, width: width)
            }
        }
        let passed = outcome.results.filter { $0.verdict == .passed }.count
        lines.append("")
        let score = "Score: \(outcome.pointsEarned)/\(outcome.pointsPossible) points, \(passed) of \(outcome.results.count) exercises passed"
        lines.append(style.bold(outcome.allPassed ? style.green(score) : score) + style.dim(" (\(formatTime(outcome.seconds)))"))
        return lines.joined(separator: "\n") + "\n"
    }

    private func exerciseLines(_ result: ExerciseResult, exercise: Exercise, width: Int) -> [String] {
        let mark = result.verdict == .passed ? style.green("✔") : style.red("✘")
        let verdict = result.verdict.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
        let painted = result.verdict == .passed ? style.green(verdict) : style.red(verdict)
        let points = "\(result.pointsEarned)/\(result.pointsPossible)"
        let cached = result.fromCache ? style.dim("  (unchanged)") : ""
        let runs = result.runs > 1 ? style.dim("  (\(result.runs) runs)") : ""
        var lines = ["  \(mark) \(exercise.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(painted) \(leftPad(points, 6))  \(formatTime(result.duration))\(runs)\(cached)"]
        let indent = "      "
        // Timing checks show their figures whatever the verdict: a pass with little margin is
        // worth knowing too.
        for timing in result.timings {
            let text = "timing: \(timing)"
            lines.append(indent + (timing.passed ? style.dim(text) : style.red(text)))
        }
        switch result.verdict {
        case .passed:
            return lines
        case .dataRace, .deadlock:
            lines += (result.problem ?? result.verdict.rawValue).split(separator: "\n").map { indent + $0 }
            for finding in result.findings.prefix(3) {
                lines += finding.xmlSafe.split(separator: "\n").map { indent + "  " + $0 }
            }
            if result.findings.count > 3 { lines.append(indent + "  ... and \(result.findings.count - 3) more") }
        case .compileError:
            lines.append(indent + (result.problem ?? "does not compile") + ":")
            for diagnostic in result.diagnostics.prefix(3) {
                lines += diagnostic.split(separator: "\n", omittingEmptySubsequences: false).map { indent + "  " + $0 }
            }
            if result.diagnostics.count > 3 { lines.append(indent + "  ... and \(result.diagnostics.count - 3) more errors") }
        case .failed:
            if let (test, failure) = result.firstFailure {
                // A message of several lines (a timeline, a table) keeps the report's indent on
                // each of them instead of starting at the left margin.
                let message = failure.message.xmlSafe.split(separator: "\n", omittingEmptySubsequences: false)
                lines.append(indent + style.red("\(test.suite)/\(test.name)") + ": " + (message.first.map(String.init) ?? ""))
                lines += message.dropFirst().map { indent + "  " + $0 }
                if let file = failure.file {
                    lines.append(indent + "  at " + relative(file) + (failure.line.map { ":\($0)" } ?? ""))
                }
                let more = result.tests.filter { $0.outcome == .failed }.count - 1
                if more > 0 { lines.append(indent + style.dim("(\(more) more failing test\(more == 1 ? "" : "s"))")) }
            }
        case .crashed, .timedOut, .outOfMemory, .error:
            lines += (result.problem ?? result.verdict.rawValue).split(separator: "\n").map { indent + $0 }
            if !result.outputTail.isEmpty {
                lines.append(indent + "last output:")
                // What the student's code printed, without its escape sequences (they could
                // repaint or clear the terminal).
                lines += result.outputTail.xmlSafe.split(separator: "\n").suffix(8).map { indent + "  " + style.dim(String($0)) }
            }
        }
        if let seed = result.seed {
            lines.append(indent + style.dim("replay this run: swift run grade \(exercise.id) --seed \(seed)"))
        }
        if let hint = exercise.hints.first {
            lines.append(indent + style.yellow("hint: ") + hint)
        }
        return lines
    }

    private func relative(_ path: String) -> String {
        CourseRoot(root).relative(path)
    }

    private func leftPad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

func formatTime(_ seconds: Double) -> String {
    String(format: "%.2f s", seconds)
}
