import Foundation

/// `grade mutate`: how strong each exercise's suites are, measured by the share of the reference
/// solution's mutants (small plausible mistakes, made by the instructors' mutation tool) that
/// the suites and checks kill.
///
/// Mutant schemata: every mutant of an exercise is compiled into its module at once and chosen
/// at run time by `COURSE_MUTANT=<n>`, so the whole course is one build (and one more with
/// ThreadSanitizer for race-checked exercises), not one build per mutant, which would cost
/// minutes each on two cores. The schema replaces the solution's folder through
/// COURSE_GRADE_FOLDERS, as the `<mistake>` fixtures do. A mutant that does not compile breaks
/// its module's build: the compiler's errors name lines of the schema, the mutants whose code
/// is there are discarded, and the schema is made and built again without them.
package struct MutationAnalysis: Sendable {
    /// What became of one mutant.
    package struct Outcome: Sendable, Codable, Equatable {
        package enum Status: String, Sendable, Codable { case killed, survived, equivalent, discarded }
        package var id: String
        package var operatorName: String
        package var description: String
        package var diff: String
        package var status: Status
        /// For a killed mutant: the test or check that killed it. For an equivalent one: the
        /// instructor's reason. For a discarded one: the compiler's first error.
        package var detail: String?
    }

    /// One exercise's mutants and score.
    package struct Report: Sendable, Equatable {
        package var exercise: Exercise
        package var outcomes: [Outcome]
        /// `<equivalent>` elements that name no mutant of the exercise (renamed or gone).
        package var unknownEquivalents: [EquivalentMutant] = []
        /// Why the exercise could not be measured (its schema does not build, or the reference
        /// fails through it); its score is then 0.
        package var problem: String?

        func count(_ status: Outcome.Status) -> Int { outcomes.filter { $0.status == status }.count }
        package var mutants: Int { outcomes.count - discarded }
        package var killed: Int { count(.killed) }
        package var survived: Int { count(.survived) }
        package var equivalent: Int { count(.equivalent) }
        package var discarded: Int { count(.discarded) }
        /// Killed among the mutants that count (not equivalent, not discarded); 1 when none count.
        package var score: Double {
            if problem != nil { return 0 }
            return killed + survived == 0 ? 1 : Double(killed) / Double(killed + survived)
        }
        package var meetsThreshold: Bool { score >= exercise.mutationThreshold }
    }

    package var root: String
    package var stateFolder: String
    package var progress: @Sendable (String) -> Void
    /// Also the ThreadSanitizer build for race-checked exercises, as grading does.
    package var threadSanitizer = true
    /// The mutation tool's package folder or executable (default: `InstructorTools` in the course).
    package var mutationTool: String?
    /// How often a schema is made again without the mutants that did not compile.
    static let compileRounds = 6

    package init(root: String, stateFolder: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.root = root
        self.stateFolder = stateFolder ?? root + "/.build-grade"
        self.progress = progress
    }

    package func analyse(_ exercises: [Exercise]) throws(GradingError) -> [Report] {
        var tool = MutantTool(root: root, packagePath: mutationTool, progress: progress)
        try tool.build()
        let schemata = try SchemaBuild(analysis: self, tool: tool).build(exercises)
        var reports: [Report] = []
        for exercise in exercises {
            guard let schema = schemata.schemas[exercise.id] else { continue }
            let report = try run(schema, of: exercise, built: schemata)
            reports.append(report)
            keep(report)
        }
        return reports
    }

    private func run(_ schema: SchemaBuild.Schema, of exercise: Exercise, built: SchemaBuild.Outcome) throws(GradingError) -> Report {
        let equivalents = Dictionary(exercise.equivalentMutants.map { ($0.mutant, $0) }) { first, _ in first }
        var outcomes = schema.discarded.map {
            Outcome(id: $0.mutant.id, operatorName: $0.mutant.operatorName, description: $0.mutant.description,
                    diff: $0.mutant.diff, status: .discarded, detail: $0.error)
        }
        let known = Set(schema.mutants.map(\.id) + schema.discarded.map(\.mutant.id))
        let unknown = exercise.equivalentMutants.filter { !known.contains($0.mutant) }
        if let problem = built.broken[exercise.id] {
            return Report(exercise: exercise, outcomes: outcomes, unknownEquivalents: unknown,
                          problem: Problem("the mutant schema does not build although every mutant the compiler named was left out: \(problem)").description)
        }
        // The schema with no mutant on must pass, or every mutant would look killed.
        progress("\(exercise.id): the reference solution, through its schema")
        let reference = try grade(exercise, mutant: 0, built: built)
        guard reference.verdict == .passed else {
            return Report(exercise: exercise, outcomes: outcomes, unknownEquivalents: unknown,
                          problem: Problem("the reference solution does not pass its suites (\(CourseVerifier.summary(of: reference))); fix it before measuring the suites with mutants").description)
        }
        for (index, mutant) in schema.mutants.enumerated() {
            if let equivalent = equivalents[mutant.id] {
                outcomes.append(Outcome(id: mutant.id, operatorName: mutant.operatorName, description: mutant.description,
                                        diff: mutant.diff, status: .equivalent, detail: equivalent.reason))
                continue
            }
            progress("\(exercise.id): mutant \(index + 1) of \(schema.mutants.count), \(mutant.id)")
            let result = try grade(exercise, mutant: mutant.number, built: built)
            let killed = result.verdict != .passed
            outcomes.append(Outcome(id: mutant.id, operatorName: mutant.operatorName, description: mutant.description,
                                    diff: mutant.diff, status: killed ? .killed : .survived,
                                    detail: killed ? CourseVerifier.summary(of: result) : nil))
        }
        return Report(exercise: exercise, outcomes: outcomes, unknownEquivalents: unknown)
    }

    /// One mutant graded as the grader grades a submission (`CheckedRuns`).
    private func grade(_ exercise: Exercise, mutant: Int, built: SchemaBuild.Outcome) throws(GradingError) -> ExerciseResult {
        let environment = [MutationAnalysis.environmentVariable: String(mutant)]
        var runner = built.runner
        runner.environment = environment
        var sanitized = built.sanitizedRunner
        sanitized?.environment = environment
        let checked = CheckedRuns(runner: runner, sanitizedRunner: sanitized,
                                  sanitizerProblem: built.sanitizerProblems[exercise.id].map(Message.verbatim), replaySeed: nil)
        return try checked.grade(exercise)
    }

    /// Each exercise's report as JSON in `<state>/mutants/reports` as soon as it is done: a run
    /// of the whole course takes hours, and these show how far it got.
    private func keep(_ report: Report) {
        let folder = stateFolder + "/mutants/reports"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? Data(MutationReportText.json([report]).utf8).write(to: URL(fileURLWithPath: folder + "/" + report.exercise.id + ".json"))
    }

    /// What the schema reads to know which mutant to run.
    package static let environmentVariable = "COURSE_MUTANT"
}
