/// Stage 2: what to grade. Exercises chosen by exercise or chapter id, built from the
/// starters (what students wrote) or the reference solutions, each with its suites and checks.
package struct GradingPlan: Sendable {
    package enum Sources: String, Sendable {
        case starters, solutions
    }

    package var course: Course
    package var sources: Sources
    /// In course order, each once, however the ids were given.
    package var exercises: [Exercise]

    /// Plans `ids` (empty: the whole course); unknown ids are a usage error naming close matches,
    /// in `language`.
    package init(course: Course, ids: [String], sources: Sources, language: Language = .en) throws(GradingError) {
        self.course = course
        self.sources = sources
        // In a student edition an exercise whose suites are all hidden is graded in CI only.
        let local = course.exercises.filter { !$0.suites.isEmpty }
        guard !ids.isEmpty else {
            exercises = local
            return
        }
        var chosen = Set<String>()
        var problems: [Problem] = []
        for id in ids {
            if let chapter = course.chapters.first(where: { $0.id == id }) {
                if !chapter.exercises.isEmpty, chapter.exercises.allSatisfy(\.suites.isEmpty) {
                    problems.append(Localizer(language).problem(.ciOnlyChapter, ["chapter": id]))
                }
                chosen.formUnion(chapter.exercises.map(\.id))
            } else if let exercise = course.exercises.first(where: { $0.id == id }) {
                // Said, not skipped: an empty report ("0 of 0 exercises") would read as passed.
                if exercise.suites.isEmpty { problems.append(Localizer(language).problem(.ciOnlyExercise, ["exercise": id])) }
                chosen.insert(id)
            } else {
                problems.append(Self.unknown(id, in: course, language: language))
            }
        }
        if !problems.isEmpty { throw GradingError(problems) }
        exercises = local.filter { chosen.contains($0.id) }
    }

    /// The message for an id that is neither an exercise nor a chapter, with close matches.
    package static func unknown(_ id: String, in course: Course, language: Language = .en) -> Problem {
        let words = Localizer(language)
        let known = course.chapters.map(\.id) + course.exercises.map(\.id)
        let close = CloseMatches.of(id, among: known)
        if close.isEmpty {
            return Problem(words[.unknownID, ["id": id, "known": known.joined(separator: ", ")]], label: words[.errorLabel])
        }
        let matches = close.map { "'\($0)'" }.joined(separator: words[.orSeparator])
        return Problem(words[.unknownIDDidYouMean, ["id": id, "matches": matches]], label: words[.errorLabel])
    }
}
