/// `grade hint <exercise>`: the exercise's hints one level at a time. Each call shows one more
/// hint than the last (the level is kept in `ProgressState`), with the earlier ones above it,
/// so a stuck student gets a nudge before the answer.
package enum Hints {
    /// The text to print, and the state with the new level; a GradingError for an exercise
    /// without hints. The hints and the words around them are in `language` (the course's own
    /// hints when it has no translation into it).
    package static func reveal(_ exercise: Exercise, state: inout ProgressState, language: Language = .en) throws(GradingError) -> String {
        let words = Localizer(language)
        let hints = exercise.hints(in: language.courseCode)
        let count = hints.count
        guard count > 0 else {
            throw GradingError(Problem(words[.hintNone, ["exercise": exercise.id]], label: words[.errorLabel]))
        }
        let seen = state.hintsShown[exercise.id] ?? 0
        let level = min(seen + 1, count)
        state.hintsShown[exercise.id] = level
        var lines: [String] = []
        for index in 0..<level {
            lines.append(words[.hintLine, ["number": index + 1, "count": count, "exercise": exercise.id, "hint": hints[index]]])
        }
        if seen >= count {
            lines.append(words[.hintNoMore, ["count": count]])
        } else if level < count {
            lines.append(words[.hintAgain, ["command": "swift run grade hint \(exercise.id)" + (language == .en ? "" : " --lang \(language.rawValue)")]])
        } else {
            lines.append(words[.hintLast])
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
