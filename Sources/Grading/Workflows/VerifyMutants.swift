/// `grade verify --mutants`: every exercise's suites must kill at least its threshold of the
/// reference solution's mutants (course.xml's `mutation-threshold`, 0.9 by default).
extension CourseVerifier {
    package func mutationProblems() -> [String] {
        do {
            let course = try ManifestReader(root: root).read()
            let exercises = course.exercises.filter { !$0.suites.isEmpty }
            let reports = try MutationAnalysis(root: root, stateFolder: stateFolder, progress: progress).analyse(exercises)
            return MutationReportText.problems(reports)
        } catch {
            return error.problems
        }
    }
}
