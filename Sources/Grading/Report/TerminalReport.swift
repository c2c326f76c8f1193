import Foundation

/// The report students read: per chapter its progress and one line per exercise (verdict,
/// points, time), then the details of the exercise in focus (the failing expectation with
/// file:line, the compiler's errors, a crash's last output, timing figures, the first hint)
/// or of every exercise, then the score.
public struct TerminalReport: Sendable {
    /// Whose details the report shows.
    public enum Details: Sendable {
        /// Only the exercise in focus (`GradingOutcome.focus`): the default of `swift run grade`,
        /// so the report fits a screen.
        case focus
        /// Every exercise's, under its line: `--verbose`, or exercises named on the command line.
        case all
    }

    public var outcome: GradingOutcome
    public var style: TerminalStyle
    /// Paths in messages are shown relative to this folder (the package root).
    public var root: String
    public var details: Details

    public init(outcome: GradingOutcome, style: TerminalStyle, root: String, details: Details = .all) {
        (self.outcome, self.style, self.root, self.details) = (outcome, style, root, details)
    }

    private var exerciseLines: ExerciseLines { ExerciseLines(style: style, root: root) }

    public var text: String {
        var lines: [String] = []
        let course = outcome.course
        lines.append(style.bold("\(course.title) \(course.version)") + style.dim(" (grading the \(outcome.plan.sources.rawValue))"))
        let width = max(12, outcome.results.map(\.exerciseID.count).max() ?? 0)
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
        let score = "Score: \(outcome.pointsEarned)/\(outcome.pointsPossible) points, \(passed) of \(outcome.results.count) exercises passed"
        lines.append(style.bold(outcome.allPassed ? style.green(score) : score) + style.dim(" (\(formatTime(outcome.seconds)))"))
        if details == .focus, outcome.results.count > 1 {
            lines.append(style.dim("Another exercise's details: swift run grade <id>; everyone's: swift run grade --verbose"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func chapterLine(_ chapter: Chapter, _ results: [ExerciseResult]) -> String {
        let passed = results.filter { $0.verdict == .passed }.count
        let earned = results.reduce(0) { $0 + $1.pointsEarned }
        let possible = results.reduce(0) { $0 + $1.pointsPossible }
        return style.bold(chapter.title) + style.dim("  \(passed)/\(results.count) passed, \(earned)/\(possible) points")
    }
}

func formatTime(_ seconds: Double) -> String {
    String(format: "%.2f s", seconds)
}
