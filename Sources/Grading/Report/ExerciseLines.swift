import Foundation

/// How one exercise reads in the terminal: its summary line (mark, id, verdict, points, time)
/// and its details (timing figures, what went wrong with file:line, the replay seed, the first
/// hint). The course report (`TerminalReport`), the early verdict of `swift run grade` and
/// `grade watch` show exercises this way.
public struct ExerciseLines: Sendable {
    public var style: TerminalStyle
    /// Paths in messages are shown relative to this folder (the package root).
    public var root: String

    public init(style: TerminalStyle, root: String) {
        (self.style, self.root) = (style, root)
    }

    /// The exercise in focus on its own: what `swift run grade` shows first, before the rest of
    /// the course is graded (with its summary line), and under the table at the end (where the
    /// table has its summary line already).
    func focusBlock(_ result: ExerciseResult, exercise: Exercise, withSummary: Bool) -> [String] {
        let heading = style.bold("Now: \(exercise.id)") + " \u{2014} \(exercise.title)"
            + style.dim(" (edit \(exercise.starters.joined(separator: ", ")))")
        let summaryLine = withSummary ? [summary(result, exercise: exercise, width: max(12, exercise.id.count))] : []
        return [heading] + summaryLine + details(result, exercise: exercise)
    }

    /// What `swift run grade` prints as soon as the exercise in focus is graded.
    public func earlyVerdict(_ result: ExerciseResult, exercise: Exercise) -> String {
        (focusBlock(result, exercise: exercise, withSummary: true) + ["", style.dim("Grading the rest of the course...")])
            .joined(separator: "\n") + "\n"
    }

    func summary(_ result: ExerciseResult, exercise: Exercise, width: Int) -> String {
        let mark = result.verdict == .passed ? style.green("✔") : style.red("✘")
        let verdict = result.verdict.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
        let painted = result.verdict == .passed ? style.green(verdict) : style.red(verdict)
        let points = "\(result.pointsEarned)/\(result.pointsPossible)"
        let cached = result.fromCache ? style.dim("  (unchanged)") : ""
        let runs = result.runs > 1 ? style.dim("  (\(result.runs) runs)") : ""
        return "  \(mark) \(exercise.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(painted) \(leftPad(points, 6))  \(formatTime(result.duration))\(runs)\(cached)"
    }

    /// Timing figures, then what went wrong, the replay seed and the first hint.
    func details(_ result: ExerciseResult, exercise: Exercise) -> [String] {
        var lines: [String] = []
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
        case .crashed, .timedOut, .error:
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
