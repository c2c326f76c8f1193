/// `grade hint <exercise>`: the exercise's hints one level at a time. Each call shows one more
/// hint than the last (the level is kept in `ProgressState`), with the earlier ones above it,
/// so a stuck student gets a nudge before the answer.
public enum Hints {
    /// The text to print, and the state with the new level; a GradingError for an exercise
    /// without hints.
    public static func reveal(_ exercise: Exercise, state: inout ProgressState) throws(GradingError) -> String {
        let count = exercise.hints.count
        guard count > 0 else {
            throw GradingError("error: exercise '\(exercise.id)' has no hints; ask your instructor, or read the lesson again")
        }
        let seen = state.hintsShown[exercise.id] ?? 0
        let level = min(seen + 1, count)
        state.hintsShown[exercise.id] = level
        var lines: [String] = []
        for index in 0..<level {
            lines.append("Hint \(index + 1) of \(count) for \(exercise.id): \(exercise.hints[index])")
        }
        if seen >= count {
            lines.append("(no more hints: all \(count) are shown above)")
        } else if level < count {
            lines.append("(run `swift run grade hint \(exercise.id)` again for the next hint)")
        } else {
            lines.append("(that was the last hint)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
