/// The exercise a student is on: the one the default report details and the grader grades
/// first. It is where the student left off (the exercise last graded alone or watched) while
/// that one does not pass, then the first after it that does not pass, then the first of the
/// course that does not pass. Nil when every exercise passes.
enum FocusExercise {
    /// `verdict` gives what is known of an exercise now (nil: not graded yet, which counts as
    /// not passing).
    static func choose(
        in exercises: [Exercise], leftOffAt current: String?, verdict: (String) -> ExerciseResult.Verdict?
    ) -> Exercise? {
        let open = { (exercise: Exercise) in verdict(exercise.id) != .passed }
        if let current, let index = exercises.firstIndex(where: { $0.id == current }),
           let next = exercises[index...].first(where: open) {
            return next
        }
        return exercises.first(where: open)
    }
}
