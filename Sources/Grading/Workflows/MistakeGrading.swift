import Foundation

/// Grades the wrong-answer fixtures of course.xml (`<mistake>`) and the correct alternatives
/// (`<alternative>`): each is the exercise's module built from the fixture's sources instead of
/// the solution's (COURSE_GRADE_FOLDERS; a patch is applied first, see `FixtureFolder`), run with the same suites and the same checks as the
/// grader (`CheckedRuns`: repetitions under perturbation seeds, a ThreadSanitizer build for race
/// checks). A mistake is caught when it does not pass; an alternative must pass.
///
/// An exercise may have several mistakes (or alternatives) but a build holds one version of each module, so the
/// mistakes are built in rounds: round k builds the k-th mistake of every exercise that has one.
/// All rounds share one scratch folder (`<state>/mistakes`): a round rebuilds only the modules
/// whose folder changed and relinks, while a folder per round would compile the runtime once
/// per round (measured: minutes each on 2 cores). Results are cached by fingerprint like the
/// grader's, so an unchanged course re-verifies without building.
package struct MistakeGrading: Sendable {
    /// One mistake and what its suites said.
    package struct Outcome: Sendable {
        package var exercise: Exercise
        package var mistake: Fixture
        package var result: ExerciseResult
        /// The suites failed it (any verdict but passed, a compile error included).
        package var caught: Bool { result.verdict != .passed }
    }

    package var root: String
    package var stateFolder: String
    package var progress: @Sendable (String) -> Void
    /// Also run the ThreadSanitizer build for race-checked exercises (off in the self-test,
    /// which asks whether the suites alone catch every mistake).
    package var threadSanitizer = true

    package init(root: String, stateFolder: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.root = root
        self.stateFolder = stateFolder ?? StateFolder.of(root)
        self.progress = progress
    }

    /// One correct alternative (`<alternative>`) and what its suites said.
    package struct AlternativeOutcome: Sendable {
        package var exercise: Exercise
        package var alternative: Fixture
        package var result: ExerciseResult
        /// The suites and checks passed it, as they must.
        package var accepted: Bool { result.verdict == .passed }
    }

    /// Read cached results of earlier runs (`grade verify --repeat` turns it off: each
    /// repetition must really run).
    package var useCache = true

    /// Every mistake of `exercises`, in course order (an exercise's mistakes in manifest order).
    package func grade(_ exercises: [Exercise]) throws(GradingError) -> [Outcome] {
        let results = try grade(exercises, kind: "mistake") { $0.mistakes }
        return exercises.flatMap { exercise in
            exercise.mistakes.compactMap { mistake in
                results[key(exercise, mistake.id)].map { Outcome(exercise: exercise, mistake: mistake, result: $0) }
            }
        }
    }

    /// Every alternative of `exercises`, in course order. They are built and run exactly as the
    /// mistakes are; only the verdict they must have differs.
    package func gradeAlternatives(_ exercises: [Exercise]) throws(GradingError) -> [AlternativeOutcome] {
        let results = try grade(exercises, kind: "alternative") { $0.alternatives }
        return exercises.flatMap { exercise in
            exercise.alternatives.compactMap { alternative in
                results[key(exercise, alternative.id)].map { AlternativeOutcome(exercise: exercise, alternative: alternative, result: $0) }
            }
        }
    }

    /// Grades each exercise's fixtures of one kind (`mistake` or `alternative`: built in place
    /// of the solution), in rounds; the results by `exercise.fixture` key.
    private func grade(
        _ exercises: [Exercise], kind: String, fixtures: (Exercise) -> [Fixture]
    ) throws(GradingError) -> [String: ExerciseResult] {
        // Not under `<state>/results`: the grader watches that folder while an exercise's tests
        // run (CourseFilesGuard), and mistakes may be graded at the same time (verify, tests).
        // One grading of fixtures at a time per state folder (another `grade verify`, say): the
        // rounds share one scratch folder, which holds one version of each module at a time.
        // The lock is the process's, so callers in one process use state folders of their own.
        let lock = try GradeRunLock(folder: stateFolder + "/mistakes", waiting: progress)
        defer { withExtendedLifetime(lock) {} }
        let cache = ResultCache(folder: stateFolder + "/\(kind)-results")
        let rounds = exercises.map { fixtures($0).count }.max() ?? 0
        var outcomes: [String: ExerciseResult] = [:]
        for round in stride(from: 0, to: rounds, by: 1) {
            var toGrade: [(exercise: Exercise, fixture: Fixture, fingerprint: String)] = []
            for exercise in exercises where fixtures(exercise).count > round {
                let fixture = fixtures(exercise)[round]
                let fingerprint = fingerprint(of: fixture, kind: kind, in: exercise)
                if useCache, var cached = cache.result(for: key(exercise, fixture.id), fingerprint: fingerprint) {
                    cached.exerciseID = exercise.id
                    outcomes[key(exercise, fixture.id)] = cached
                } else {
                    toGrade.append((exercise, fixture, fingerprint))
                }
            }
            guard !toGrade.isEmpty else { continue }
            progress("building round \(round + 1) of the \(kind)s")
            var builder = ExerciseBuild(root: root, scratchPath: stateFolder + "/mistakes", sources: .solutions)
            let sources = FixtureFolder(root: root, stateFolder: stateFolder)
            for (exercise, fixture, _) in toGrade {
                builder.folders[exercise.module] = try sources.sources(of: fixture, kind: kind, in: exercise)
            }
            builder.progress = progress
            let built = try builder.build(toGrade.map(\.exercise))
            var results: [String: ExerciseResult] = [:]
            for (id, diagnostics) in built.broken {
                results[id] = .compileError(of: toGrade.first { $0.exercise.id == id }!.exercise, diagnostics: diagnostics)
            }
            if let binary = built.testBinary {
                let events = stateFolder + "/mistake-events"  // not the grader's: both may run at once
                try? FileManager.default.createDirectory(atPath: events, withIntermediateDirectories: true)
                let runner = SuiteRun(testBinary: binary, workingDirectory: root, eventsFolder: events,
                                      inventory: try XCTestInventory.listed(in: binary, workingDirectory: root))
                let sanitized = try sanitizedRunner(for: built.built, builder: builder, round: round, events: events)
                for exercise in built.built {
                    progress("running \(kind) \(fixtures(exercise)[round].id) of \(exercise.id)")
                    let checked = CheckedRuns(runner: runner, sanitizedRunner: sanitized.runner,
                                              sanitizerProblem: sanitized.broken[exercise.id].map(Message.verbatim), replaySeed: nil)
                    results[exercise.id] = try checked.grade(exercise)
                }
            }
            for (exercise, fixture, fingerprint) in toGrade {
                guard let result = results[exercise.id] else { continue }
                var stored = result
                stored.exerciseID = key(exercise, fixture.id)
                cache.store(stored, fingerprint: fingerprint)
                outcomes[key(exercise, fixture.id)] = result
            }
        }
        return outcomes
    }

    /// The ThreadSanitizer build of this round's race-checked mistakes (`mistakes-tsan`).
    private func sanitizedRunner(
        for exercises: [Exercise], builder: ExerciseBuild, round: Int, events: String
    ) throws(GradingError) -> (runner: SuiteRun?, broken: [String: String]) {
        let raced = exercises.filter(\.checks.race)
        guard threadSanitizer, !raced.isEmpty else { return (nil, [:]) }
        var sanitizing = builder
        sanitizing.scratchPath = stateFolder + "/mistakes-tsan"
        sanitizing.threadSanitizer = true
        let built = try sanitizing.build(raced)
        var problems: [String: String] = [:]
        for (id, diagnostics) in built.broken {
            problems[id] = "the ThreadSanitizer build of this mistake failed: " + (diagnostics.first ?? "")
        }
        guard let binary = built.testBinary else { return (nil, problems) }
        var runner = SuiteRun(testBinary: binary, workingDirectory: root, eventsFolder: events,
                              inventory: try XCTestInventory.listed(in: binary, workingDirectory: root))
        runner.threadSanitizer = true
        return (runner, problems)
    }

    private func key(_ exercise: Exercise, _ fixture: String) -> String {
        exercise.id + "." + fixture
    }

    private func fingerprint(of fixture: Fixture, kind: String, in exercise: Exercise) -> String {
        var print = Fingerprint()
        print.add(Grader.toolVersion)
        print.add(kind)
        print.add(threadSanitizer ? "with ThreadSanitizer" : "without ThreadSanitizer")
        print.addTree(root + "/Package.swift")
        print.addTree(root + "/Sources")
        print.add(String(describing: exercise))
        print.addTree(root + "/" + fixture.path)
        if fixture.isPatch { print.addTree(root + "/" + exercise.solutionFolder) }
        for suite in exercise.suites { print.addTree(root + "/" + suite.path) }
        return print.hex
    }
}
