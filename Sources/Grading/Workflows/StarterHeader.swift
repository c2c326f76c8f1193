/// The comment every starter's first file begins with, as rustlings' exercises do: which
/// exercise it is, where its lesson is, and the two commands a student needs next. `grade new`
/// writes it and `grade verify` checks it, so every exercise opens the same way.
struct StarterHeader {
    var exercise: Exercise
    var chapter: Chapter

    var firstLine: String { "// Exercise \(exercise.id): \(exercise.title) (chapter \(chapter.title))." }

    /// The three lines and a blank line before the starter's code.
    var text: String {
        [firstLine,
         "// Read first: \(chapter.lesson), the section on \(exercise.id).",
         "// Check it: swift run grade \(exercise.id)    Stuck? swift run grade hint \(exercise.id)",
         "", ""].joined(separator: "\n")
    }

    /// The first line alone is checked: the title or the lesson may be reworded in the manifest
    /// without every starter going stale at once.
    static func isPresent(in source: String, for exercise: Exercise) -> Bool {
        source.hasPrefix("// Exercise \(exercise.id): ")
    }
}
