import Foundation

/// The report students read: per chapter its progress and one line per exercise (verdict,
/// points, time), then the details of the exercise in focus (the failing expectation with
/// file:line, the compiler's errors, a crash's last output, timing figures, the first hint)
/// or of every exercise, then the score.
package struct TerminalReport: Sendable {
    /// Whose details the report shows.
    package enum Details: Sendable {
        /// Only the exercise in focus (`GradingOutcome.focus`): the default of `swift run grade`,
        /// so the report fits a screen.
        case focus
        /// Every exercise's, under its line: `--verbose`, or exercises named on the command line.
        case all
    }

    package var outcome: GradingOutcome
    package var style: TerminalStyle
    /// Paths in messages are shown relative to this folder (the package root).
    package var root: String
    package var details: Details
    /// The language of the report's words, titles and hints.
    package var language: Language

    package init(outcome: GradingOutcome, style: TerminalStyle, root: String, details: Details = .all, language: Language = .en) {
        (self.outcome, self.style, self.root, self.details, self.language) = (outcome, style, root, details, language)
    }

    private var exerciseLines: ExerciseLines { ExerciseLines(style: style, root: root, language: language) }
    private var words: Localizer { Localizer(language) }

    package var text: String {
        var lines: [String] = []
        let course = outcome.course
        let grading = words[outcome.plan.sources == .solutions ? .reportGradingSolutions : .reportGradingStarters]
        lines.append(style.bold("\(course.title(in: language.courseCode)) \(course.version)") + style.dim(" " + grading))
        let width = max(12, outcome.results.map { DisplayWidth.of($0.exerciseID) }.max() ?? 0)
        for chapter in course.chapters {
            let results = outcome.results.filter { result in chapter.exercises.contains { $0.id == result.exerciseID } }
            guard !results.isEmpty else { continue }
            if details == .all { lines.append("") }
            lines.append(chapterLine(chapter, results))
            for result in results {
                let exercise = outcome.exercise(result.exerciseID)!
                lines.append(exerciseLines.summary(result, exercise: exercise, width: width))
                if details == .all { lines += exerciseLines.details(result, exercise: exercise) }
            }
        }
        if details == .focus, let focus = outcome.focus,
           let result = outcome.results.first(where: { $0.exerciseID == focus }) {
            lines.append("")
            lines += exerciseLines.focusBlock(result, exercise: outcome.exercise(focus)!, withSummary: false)
        }
        let passed = outcome.results.filter { $0.verdict == .passed }.count
        lines.append("")
        let score = words[.reportScore, ["earned": outcome.pointsEarned, "possible": outcome.pointsPossible, "passed": passed, "total": outcome.results.count]]
        lines.append(style.bold(outcome.allPassed ? style.green(score) : score) + style.dim(" " + words[.reportDuration, ["time": formatTime(outcome.seconds, language)]]))
        if details == .focus, outcome.results.count > 1 {
            lines.append(style.dim(words[.reportOtherDetails]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func chapterLine(_ chapter: Chapter, _ results: [ExerciseResult]) -> String {
        let passed = results.filter { $0.verdict == .passed }.count
        let earned = results.reduce(0) { $0 + $1.pointsEarned }
        let possible = results.reduce(0) { $0 + $1.pointsPossible }
        return style.bold(chapter.title(in: language.courseCode))
            + style.dim("  " + words[.reportChapterProgress, ["passed": passed, "count": results.count, "earned": earned, "possible": possible]])
    }
}

func formatTime(_ seconds: Double, _ language: Language = .en) -> String {
    Localizer(language)[.seconds, ["seconds": String(format: "%.2f", seconds)]]
}
