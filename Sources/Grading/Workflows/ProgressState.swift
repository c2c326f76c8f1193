import Foundation

/// What `grade hint` and `grade watch` remember between runs, in `.build-grade/progress.json`
/// (ignored by git, like the rest of the grader's state).
///
/// It holds no verdicts on purpose: whether an exercise is done is recomputed by grading it
/// (cheap when unchanged, thanks to the result cache), so an exercise is done only if it
/// passes now, whatever happened earlier.
public struct ProgressState: Codable, Sendable, Equatable {
    /// How many hints of each exercise the student has seen.
    public var hintsShown: [String: Int] = [:]
    /// The exercise `grade watch` works on.
    public var current: String?

    public init() {}

    public static func path(stateFolder: String) -> String { stateFolder + "/progress.json" }

    /// The saved state, or a fresh one when there is none or it cannot be read.
    public static func load(stateFolder: String) -> ProgressState {
        guard let data = FileManager.default.contents(atPath: path(stateFolder: stateFolder)),
              let state = try? JSONDecoder().decode(ProgressState.self, from: data) else { return ProgressState() }
        return state
    }

    public func save(stateFolder: String) throws(GradingError) {
        let path = Self.path(stateFolder: stateFolder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do {
            try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw GradingError("error: cannot save the progress to \(path): \(error.localizedDescription)")
        }
    }
}

/// Progress per chapter, from a grading run of the starters: done (passes now) or pending.
public struct CourseProgress: Sendable {
    public var outcome: GradingOutcome

    public init(outcome: GradingOutcome) {
        self.outcome = outcome
    }

    public func isDone(_ exerciseID: String) -> Bool {
        outcome.results.first { $0.exerciseID == exerciseID }?.verdict == .passed
    }

    /// The first exercise, in course order, that does not pass now.
    public var next: Exercise? {
        outcome.plan.exercises.first { !isDone($0.id) }
    }

    /// `grade list`: per chapter its done count and points, then one line per exercise.
    public func text(style: TerminalStyle) -> String {
        var lines = [style.bold("\(outcome.course.title) \(outcome.course.version)")]
        let width = max(12, outcome.plan.exercises.map(\.id.count).max() ?? 0)
        for chapter in outcome.course.chapters {
            let exercises = chapter.exercises.filter { exercise in outcome.plan.exercises.contains { $0.id == exercise.id } }
            guard !exercises.isEmpty else { continue }
            let done = exercises.filter { isDone($0.id) }
            let earned = done.reduce(0) { $0 + $1.points }
            let possible = exercises.reduce(0) { $0 + $1.points }
            lines.append("")
            lines.append(style.bold(chapter.title) + style.dim("  \(done.count)/\(exercises.count) done, \(earned)/\(possible) points"))
            for exercise in exercises {
                let finished = isDone(exercise.id)
                let mark = finished ? style.green("✔") : "·"
                let status = (finished ? "done" : "pending").padding(toLength: 8, withPad: " ", startingAt: 0)
                let points = "\(finished ? exercise.points : 0)/\(exercise.points)"
                lines.append("  \(mark) \(exercise.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(finished ? style.green(status) : status) \(points)  \(exercise.title)")
            }
        }
        let done = outcome.plan.exercises.filter { isDone($0.id) }.count
        lines.append("")
        lines.append("Progress: \(done) of \(outcome.plan.exercises.count) exercises done, \(outcome.pointsEarned)/\(outcome.pointsPossible) points")
        if let next {
            lines.append("Next: \(next.id) (\(next.starters[0]))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
