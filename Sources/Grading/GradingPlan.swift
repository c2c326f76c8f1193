/// Stage 2: what to grade. Exercises chosen by exercise or chapter id, built from the
/// starters (what students wrote) or the reference solutions, each with its suites and checks.
public struct GradingPlan: Sendable {
    public enum Sources: String, Sendable {
        case starters, solutions
    }

    public var course: Course
    public var sources: Sources
    /// In course order, each once, however the ids were given.
    public var exercises: [Exercise]

    /// Plans `ids` (empty: the whole course); unknown ids are a usage error naming close matches.
    public init(course: Course, ids: [String], sources: Sources) throws(GradingError) {
        self.course = course
        self.sources = sources
        // In a student edition an exercise whose suites are all hidden is graded in CI only.
        let local = course.exercises.filter { !$0.suites.isEmpty }
        guard !ids.isEmpty else {
            exercises = local
            return
        }
        var chosen = Set<String>()
        var problems: [String] = []
        for id in ids {
            if let chapter = course.chapters.first(where: { $0.id == id }) {
                chosen.formUnion(chapter.exercises.map(\.id))
            } else if course.exercises.contains(where: { $0.id == id }) {
                chosen.insert(id)
            } else {
                problems.append(Self.unknown(id, in: course))
            }
        }
        if !problems.isEmpty { throw GradingError(problems) }
        exercises = local.filter { chosen.contains($0.id) }
    }

    /// The message for an id that is neither an exercise nor a chapter, with close matches.
    public static func unknown(_ id: String, in course: Course) -> String {
        let known = course.chapters.map(\.id) + course.exercises.map(\.id)
        let close = CloseMatches.of(id, among: known)
        if close.isEmpty {
            return "error: no exercise or chapter '\(id)' in the course; known ids: \(known.joined(separator: ", "))"
        }
        return "error: no exercise or chapter '\(id)' in the course; did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?"
    }
}
