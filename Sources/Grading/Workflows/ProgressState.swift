import Foundation

/// What `grade hint` and `grade watch` remember between runs, in `.build-grade/progress.json`
/// (ignored by git, like the rest of the grader's state).
///
/// It holds no verdicts on purpose: whether an exercise is done is recomputed by grading it
/// (cheap when unchanged, thanks to the result cache), so an exercise is done only if it
/// passes now, whatever happened earlier.
package struct ProgressState: Codable, Sendable, Equatable {
    /// How many hints of each exercise the student has seen.
    package var hintsShown: [String: Int] = [:]
    /// The exercise `grade watch` works on.
    package var current: String?

    package init() {}

    package static func path(stateFolder: String) -> String { stateFolder + "/progress.json" }

    /// The saved state, or a fresh one when there is none or it cannot be read.
    package static func load(stateFolder: String) -> ProgressState {
        guard let data = FileManager.default.contents(atPath: path(stateFolder: stateFolder)),
              let state = try? JSONDecoder().decode(ProgressState.self, from: data) else { return ProgressState() }
        return state
    }

    package func save(stateFolder: String) throws(GradingError) {
        let path = Self.path(stateFolder: stateFolder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do {
            try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw GradingError("cannot save the progress to \(path): \(error.localizedDescription)")
        }
    }
}

/// Progress per chapter, from a grading run of the starters: done (passes now) or pending.
package struct CourseProgress: Sendable {
    package var outcome: GradingOutcome

    package init(outcome: GradingOutcome) {
        self.outcome = outcome
    }

    package func isDone(_ exerciseID: String) -> Bool {
        outcome.results.first { $0.exerciseID == exerciseID }?.verdict == .passed
    }

    /// The first exercise, in course order, that does not pass now.
    package var next: Exercise? {
        outcome.plan.exercises.first { !isDone($0.id) }
    }

    /// `grade list`: per chapter its done count and points, then one line per exercise, in
    /// `language` (titles too, when the course is translated into it).
    package func text(style: TerminalStyle, language: Language = .en) -> String {
        let words = Localizer(language)
        let code = language.courseCode
        let course = outcome.course
        var lines = [style.bold("\(course.title(in: code)) \(course.version)")]
        let width = max(12, outcome.plan.exercises.map { DisplayWidth.of($0.id) }.max() ?? 0)
        let statusWidth = max(8, [words[.listDone], words[.listPending]].map(DisplayWidth.of).max() ?? 0)
        for chapter in course.chapters {
            let exercises = chapter.exercises.filter { exercise in outcome.plan.exercises.contains { $0.id == exercise.id } }
            guard !exercises.isEmpty else { continue }
            let done = exercises.filter { isDone($0.id) }
            let earned = done.reduce(0) { $0 + $1.points }
            let possible = exercises.reduce(0) { $0 + $1.points }
            lines.append("")
            let summary = words[.listChapterProgress, ["done": done.count, "count": exercises.count, "earned": earned, "possible": possible]]
            lines.append(style.bold(chapter.title(in: code)) + style.dim("  " + summary))
            for exercise in exercises {
                let finished = isDone(exercise.id)
                let mark = finished ? style.green("✔") : "·"
                let status = DisplayWidth.padded(words[finished ? .listDone : .listPending], to: statusWidth)
                let points = "\(finished ? exercise.points : 0)/\(exercise.points)"
                lines.append("  \(mark) \(DisplayWidth.padded(exercise.id, to: width))  \(finished ? style.green(status) : status) \(points)  \(exercise.title(in: code))")
            }
        }
        let done = outcome.plan.exercises.filter { isDone($0.id) }.count
        lines.append("")
        lines.append(words[.listProgress, ["done": done, "count": outcome.plan.exercises.count, "earned": outcome.pointsEarned, "possible": outcome.pointsPossible]])
        if let next {
            lines.append(words[.listNext, ["exercise": next.id, "file": next.starters[0]]])
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
