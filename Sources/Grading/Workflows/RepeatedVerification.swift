import Foundation

/// `grade verify --repeat N`: flakiness is a defect both ways. Every reference solution and
/// every correct alternative must pass N runs of N, every mistake must fail N of N. Each
/// repetition grades everything afresh (no cached result), with the checks `grade verify`
/// applies (a solution's race-checked runs included), so a verdict that depends on the
/// interleaving shows up as a figure below N.
package struct RepeatedVerification: Sendable {
    /// How one exercise fared in N repetitions.
    package struct Figures: Sendable, Equatable {
        package var exerciseID: String
        package var runs: Int
        /// Runs the reference solution passed.
        package var solutionPassed = 0
        /// Runs each alternative passed, in manifest order.
        package var alternativesPassed: [Count] = []
        /// Runs each mistake failed, in manifest order.
        package var mistakesFailed: [Count] = []
        /// The first verdict that broke the rule, per solution/alternative/mistake id.
        package var firstDeviation: [String: String] = [:]

        /// Every solution and alternative passed every run and every mistake failed every run.
        package var isSteady: Bool {
            solutionPassed == runs && alternativesPassed.allSatisfy { $0.count == runs }
                && mistakesFailed.allSatisfy { $0.count == runs }
        }
    }

    /// How many runs of one fixture went the way they must.
    package struct Count: Sendable, Equatable {
        package var id: String
        package var count: Int
    }

    package var root: String
    package var stateFolder: String?
    package var runs: Int
    /// Exercise or chapter ids (empty: the whole course).
    package var ids: [String] = []
    package var progress: @Sendable (String) -> Void

    package init(root: String, runs: Int, ids: [String] = [], stateFolder: String? = nil,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        (self.root, self.runs, self.ids, self.stateFolder, self.progress) = (root, runs, ids, stateFolder, progress)
    }

    /// The figures of every planned exercise, in course order.
    package func figures() throws(GradingError) -> [Figures] {
        let course = try ManifestReader(root: root).read()
        let exercises = try GradingPlan(course: course, ids: ids, sources: .solutions).exercises
        var figures = Dictionary(uniqueKeysWithValues: exercises.map { exercise in
            var figure = Figures(exerciseID: exercise.id, runs: runs)
            figure.alternativesPassed = exercise.alternatives.map { Count(id: $0.id, count: 0) }
            figure.mistakesFailed = exercise.mistakes.map { Count(id: $0.id, count: 0) }
            return (exercise.id, figure)
        })
        for run in 1...runs {
            progress("repetition \(run) of \(runs): the solutions")
            var options = Grader.Options(root: root, ids: ids, sources: .solutions)
            options.stateFolder = stateFolder
            options.useCache = false
            options.raceRepetitions = CourseVerifier.raceRepetitions
            let outcome = try Grader(options: options, progress: progress).run()
            for result in outcome.results {
                count(result.verdict == .passed, of: "solution", result: result, in: &figures[result.exerciseID]!) {
                    $0.solutionPassed += 1
                }
            }
            var fixtures = MistakeGrading(root: root, stateFolder: stateFolder, progress: progress)
            fixtures.useCache = false
            progress("repetition \(run) of \(runs): the alternatives")
            for outcome in try fixtures.gradeAlternatives(exercises) {
                count(outcome.accepted, of: outcome.alternative.id, result: outcome.result, in: &figures[outcome.exercise.id]!) {
                    let index = $0.alternativesPassed.firstIndex { $0.id == outcome.alternative.id }!
                    $0.alternativesPassed[index].count += 1
                }
            }
            progress("repetition \(run) of \(runs): the mistakes")
            for outcome in try fixtures.grade(exercises) {
                count(outcome.caught, of: outcome.mistake.id, result: outcome.result, in: &figures[outcome.exercise.id]!) {
                    let index = $0.mistakesFailed.firstIndex { $0.id == outcome.mistake.id }!
                    $0.mistakesFailed[index].count += 1
                }
            }
        }
        return exercises.map { figures[$0.id]! }
    }

    private func count(_ asExpected: Bool, of name: String, result: ExerciseResult, in figure: inout Figures,
                       increment: (inout Figures) -> Void) {
        if asExpected {
            increment(&figure)
        } else if figure.firstDeviation[name] == nil {
            figure.firstDeviation[name] = result.verdict == .passed ? "passed" : CourseVerifier.summary(of: result)
        }
    }

    /// The figures as a table, one exercise a line: "passed/runs" for the solution and each
    /// alternative, "failed/runs" for each mistake; columns as wide as their widest cell.
    package static func table(_ figures: [Figures]) -> String {
        let rows = [["exercise", "solution", "alternatives (passed)", "mistakes (failed)"]] + figures.map { figure in
            let runs = figure.runs
            let alternatives = figure.alternativesPassed.map { "\($0.id) \($0.count)/\(runs)" }.joined(separator: ", ")
            let mistakes = figure.mistakesFailed.map { "\($0.id) \($0.count)/\(runs)" }.joined(separator: ", ")
            return [figure.exerciseID, "\(figure.solutionPassed)/\(runs)", alternatives.isEmpty ? "-" : alternatives,
                    mistakes.isEmpty ? "-" : mistakes]
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            (0..<3).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count + 2) }.joined() + row[3]
        }.joined(separator: "\n")
    }

    /// One problem line per exercise that did not hold steady, naming what deviated and how.
    package static func problems(_ figures: [Figures]) -> [String] {
        figures.filter { !$0.isSteady }.map { figure in
            let deviations = figure.firstDeviation.sorted { $0.key < $1.key }
                .map { "\($0.key): \($0.value)" }.joined(separator: "; ")
            return Problem("exercise \(figure.exerciseID) is flaky over \(figure.runs) runs (solution passed \(figure.solutionPassed)/\(figure.runs)): \(deviations); fix the suites, the checks or the fixture, never retry it away").description
        }
    }
}
