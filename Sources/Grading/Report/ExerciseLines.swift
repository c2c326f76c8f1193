import Foundation

/// How one exercise reads in the terminal: its summary line (mark, id, verdict, points, time)
/// and its details (timing figures, what went wrong with file:line, the replay seed, the first
/// hint). The course report (`TerminalReport`), the early verdict of `swift run grade` and
/// `grade watch` show exercises this way.
package struct ExerciseLines: Sendable {
    package var style: TerminalStyle
    /// Paths in messages are shown relative to this folder (the package root).
    package var root: String
    /// The language of the words around the results, and of titles and hints.
    package var language: Language

    package init(style: TerminalStyle, root: String, language: Language = .en) {
        (self.style, self.root, self.language) = (style, root, language)
    }

    private var words: Localizer { Localizer(language) }

    /// The exercise in focus on its own: what `swift run grade` shows first, before the rest of
    /// the course is graded (with its summary line), and under the table at the end (where the
    /// table has its summary line already).
    func focusBlock(_ result: ExerciseResult, exercise: Exercise, withSummary: Bool) -> [String] {
        let heading = style.bold(words[.focusNow, ["exercise": exercise.id]]) + " \u{2014} \(exercise.title(in: language.courseCode))"
            + style.dim(" " + words[.focusEdit, ["files": exercise.starters.joined(separator: ", ")]])
        let summaryLine = withSummary ? [summary(result, exercise: exercise, width: max(12, DisplayWidth.of(exercise.id)))] : []
        return [heading] + summaryLine + details(result, exercise: exercise)
    }

    /// What `swift run grade` prints as soon as the exercise in focus is graded.
    package func earlyVerdict(_ result: ExerciseResult, exercise: Exercise) -> String {
        (focusBlock(result, exercise: exercise, withSummary: true) + ["", style.dim(words[.focusRest])])
            .joined(separator: "\n") + "\n"
    }

    func summary(_ result: ExerciseResult, exercise: Exercise, width: Int) -> String {
        let mark = result.verdict == .passed ? style.green("✔") : style.red("✘")
        // Columns, not characters: a Chinese verdict is twice as wide as it is long.
        let verdict = DisplayWidth.padded(words.verdict(result.verdict), to: 13)
        let painted = result.verdict == .passed ? style.green(verdict) : style.red(verdict)
        let points = "\(result.pointsEarned)/\(result.pointsPossible)"
        let cached = result.fromCache ? style.dim("  " + words[.reportUnchanged]) : ""
        let runs = result.runs > 1 ? style.dim("  " + words[.reportRuns, ["count": result.runs]]) : ""
        return "  \(mark) \(DisplayWidth.padded(exercise.id, to: width))  \(painted) \(DisplayWidth.leftPadded(points, to: 6))  \(formatTime(result.duration, language))\(runs)\(cached)"
    }

    /// Timing figures, then what went wrong, the replay seed and the first hint.
    func details(_ result: ExerciseResult, exercise: Exercise) -> [String] {
        var lines: [String] = []
        let indent = "      "
        // Timing checks show their figures whatever the verdict: a pass with little margin is
        // worth knowing too.
        for timing in result.timings {
            let text = words[.reportTiming, ["figure": timing.text(language)]]
            lines.append(indent + (timing.passed ? style.dim(text) : style.red(text)))
        }
        switch result.verdict {
        case .passed:
            return lines
        case .dataRace, .deadlock:
            lines += (result.problem(in: language) ?? words.verdict(result.verdict)).split(separator: "\n").map { indent + $0 }
            for finding in result.findings(in: language).prefix(3) {
                lines += finding.xmlSafe.split(separator: "\n").map { indent + "  " + $0 }
            }
            if result.findings.count > 3 { lines.append(indent + "  " + words[.reportMoreFindings, ["count": result.findings.count - 3]]) }
        case .compileError:
            lines.append(indent + (result.problem(in: language) ?? words[.reportDoesNotCompile]) + (language == .zh ? "：" : ":"))
            for diagnostic in result.diagnostics.prefix(3) {
                lines += diagnostic.split(separator: "\n", omittingEmptySubsequences: false).map { indent + "  " + $0 }
            }
            if result.diagnostics.count > 3 { lines.append(indent + "  " + words[.reportMoreErrors, ["count": result.diagnostics.count - 3]]) }
        case .failed:
            // A failed run's problem, when it has one, is a finding from the test's output (a
            // checked continuation's misuse): the cause of the failures below.
            if let problem = result.problem {
                lines += problem.split(separator: "\n").map { indent + $0 }
            }
            if let (test, failure) = result.firstFailure {
                // A message of several lines (a timeline, a table) keeps the report's indent on
                // each of them instead of starting at the left margin.
                let message = failure.message.xmlSafe.split(separator: "\n", omittingEmptySubsequences: false)
                lines.append(indent + style.red("\(test.suite)/\(test.name)") + ": " + (message.first.map(String.init) ?? ""))
                lines += message.dropFirst().map { indent + "  " + $0 }
                if let file = failure.file {
                    lines.append(indent + "  " + words[.reportAt, ["place": relative(file) + (failure.line.map { ":\($0)" } ?? "")]])
                }
                let more = result.tests.filter { $0.outcome == .failed }.count - 1
                if more > 0 { lines.append(indent + style.dim(words[more == 1 ? .reportMoreFailingTest : .reportMoreFailingTests, ["count": more]])) }
            }
        case .crashed, .timedOut, .outOfMemory, .error:
            lines += (result.problem(in: language) ?? words.verdict(result.verdict)).split(separator: "\n").map { indent + $0 }
            if !result.outputTail.isEmpty {
                lines.append(indent + words[.reportLastOutput])
                // What the student's code printed, without its escape sequences (they could
                // repaint or clear the terminal).
                lines += result.outputTail.xmlSafe.split(separator: "\n").suffix(8).map { indent + "  " + style.dim(String($0)) }
            }
        }
        if let seed = result.seed {
            lines.append(indent + style.dim(words[.reportReplay, ["command": "swift run grade \(exercise.id) --seed \(seed)"]]))
        }
        if let hint = exercise.hints(in: language.courseCode).first {
            lines.append(indent + style.yellow(words[.reportHint]) + hint)
        }
        return lines
    }

    private func relative(_ path: String) -> String {
        CourseRoot(root).relative(path)
    }
}
