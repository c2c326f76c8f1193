import Foundation

/// The whole pipeline: manifest, package agreement, plan, build, run, results, in that order.
/// The reports (terminal, JUnit) are written from what it returns.
package struct Grader: Sendable {
    package struct Options: Sendable {
        package var root: String
        package var ids: [String] = []
        package var sources: GradingPlan.Sources = .starters
        /// Reuse results of unchanged exercises from earlier runs.
        package var useCache = true
        /// Where builds and cached results go (default `<root>/.build-grade`).
        package var stateFolder: String?
        /// Replay one run with this perturbation seed (`--seed`), instead of fresh seeds.
        package var seed: UInt64?
        /// Replay one explorer schedule (`--schedule`) in the suites' `explore` calls.
        package var schedule: String?
        /// At least this many runs for exercises with race checks (`grade verify` asks for ten).
        package var raceRepetitions: Int?
        /// Build and run the ThreadSanitizer build for exercises with race checks. Off only
        /// where the verdict cannot depend on it (the self-test that every starter fails).
        package var threadSanitizer = true
        /// The exercise the student worked on last (`grade watch`, `grade <id>`): the one in
        /// focus while it does not pass.
        package var current: String?
        /// The language of the progress messages.
        package var language: Language = .en

        package init(root: String, ids: [String] = [], sources: GradingPlan.Sources = .starters) {
            (self.root, self.ids, self.sources) = (root, ids, sources)
        }
    }

    package static let toolVersion = "0.3.0"

    package var options: Options
    /// Told the verdict of the exercise in focus as soon as it is known, before the rest of the
    /// course is graded (nil: no early verdict, and no separate build for it).
    package var firstVerdict: (@Sendable (ExerciseResult, Exercise) -> Void)?
    /// Told what the grader is doing, for a progress line.
    package var progress: @Sendable (String) -> Void
    /// Told when another grading run holds this state folder and this one waits for it.
    package var waiting: @Sendable (String) -> Void = { writeToStandardError($0 + "\n") }

    package init(options: Options, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.progress = progress
    }

    /// The course root above `directory`: the nearest folder with both course.xml and
    /// Package.swift, so the grader works from any folder of the checkout.
    package static func findRoot(from directory: String, language: Language = .en) throws(GradingError) -> String {
        var folder = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let manager = FileManager.default
            if manager.fileExists(atPath: folder.appendingPathComponent("course.xml").path),
               manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder.path
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path {
                throw GradingError(Localizer(language).problem(.noCourseHere, ["folder": directory]))
            }
            folder = parent
        }
    }

    /// Reads and checks the course; grades what the options choose.
    ///
    /// When the exercise in focus (where the student left off, or the first that does not
    /// pass) has to be graded together with others, it is built and run first, alone, and
    /// `firstVerdict` hears of it before the rest of the course is built: on a fresh clone that
    /// is one exercise's build instead of the whole course's before the student sees anything.
    package func run() throws(GradingError) -> GradingOutcome {
        let start = ContinuousClock.now
        let state = options.stateFolder ?? StateFolder.of(options.root)
        let lock = try GradeRunLock(folder: state, language: options.language, waiting: waiting)
        defer { withExtendedLifetime(lock) {} }
        progress(Localizer(options.language)[.progressReading])
        let course = try ManifestReader(root: options.root).read()
        let disagreements = PackageAgreement(root: options.root).problems(for: course)
        if !disagreements.isEmpty { throw GradingError(disagreements) }
        let plan = try GradingPlan(course: course, ids: options.ids, sources: options.sources, language: options.language)

        let cache = ResultCache(folder: state + "/results/" + plan.sources.rawValue)
        let fingerprints = fingerprints(of: plan)
        var results: [String: ExerciseResult] = [:]
        var toGrade: [Exercise] = []
        for exercise in plan.exercises {
            if options.useCache, options.seed == nil, options.schedule == nil, let cached = cache.result(for: exercise.id, fingerprint: fingerprints[exercise.id]!) {
                results[exercise.id] = cached
            } else {
                toGrade.append(exercise)
            }
        }
        let focus = FocusExercise.choose(in: plan.exercises, leftOffAt: options.current) { results[$0]?.verdict }

        var batches = [toGrade]
        if firstVerdict != nil, let focus, results[focus.id] == nil, toGrade.count > 1 {
            batches = [[focus], toGrade.filter { $0.id != focus.id }]
        }
        for (index, batch) in batches.enumerated() where !batch.isEmpty {
            let graded = try grade(batch, course: course, plan: plan, state: state, cache: cache, fingerprints: fingerprints)
            results.merge(graded) { $1 }
            if index == 0, batches.count > 1, let focus, let result = graded[focus.id] {
                firstVerdict?(result, focus)
            }
        }
        return GradingOutcome(
            course: course, plan: plan, results: plan.exercises.map { results[$0.id]! },
            seconds: (ContinuousClock.now - start).seconds,
            focus: FocusExercise.choose(in: plan.exercises, leftOffAt: options.current) { results[$0]?.verdict }?.id)
    }

    /// Builds and runs `toGrade` (the plain and, for race checks, the sanitizer build) and
    /// stores their results in the cache.
    private func grade(
        _ toGrade: [Exercise], course: Course, plan: GradingPlan, state: String, cache: ResultCache,
        fingerprints: [String: String]
    ) throws(GradingError) -> [String: ExerciseResult] {
        var results: [String: ExerciseResult] = [:]
        let scratch = state + "/" + plan.sources.rawValue
        var builder = ExerciseBuild(root: options.root, scratchPath: scratch, sources: plan.sources, progress: progress)
        builder.language = options.language
        // Every other exercise of the course builds along (a no-op when unchanged) unless
        // its last result says it does not compile; see `ExerciseBuild.build`. The focus
        // exercise of a first run builds alone: the others are not built yet, and waiting for
        // them is what the early verdict avoids.
        let knownBroken = Set(course.exercises.filter { exercise in
            cache.result(for: exercise.id, fingerprint: fingerprints[exercise.id]!)?.verdict == .compileError
        }.map(\.id))
        let alone = toGrade.count == 1 && firstVerdict != nil && !hasBuilt(scratch)
        let companions = alone ? [] : course.exercises.filter { !knownBroken.contains($0.id) }
        let (built, sanitized) = try buildBoth(
            plain: { () throws(GradingError) in try builder.build(toGrade, companions: companions) },
            sanitized: { [self, toGrade] () throws(GradingError) in
                try sanitizedBuild(of: toGrade, course: course, state: state, plan: plan,
                                   skipping: alone ? Set(course.exercises.map(\.id)) : knownBroken)
            })
        for (id, diagnostics) in built.broken {
            results[id] = .compileError(of: toGrade.first { $0.id == id }!, diagnostics: diagnostics)
        }
        if let binary = built.testBinary {
            let events = state + "/events"
            try? FileManager.default.createDirectory(atPath: events, withIntermediateDirectories: true)
            let inventory = try XCTestInventory.listed(in: binary, workingDirectory: options.root)
            let runner = SuiteRun(testBinary: binary, workingDirectory: options.root,
                                  eventsFolder: events, inventory: inventory)
            var watch = CourseFilesGuard(root: options.root, cacheFolder: state + "/results",
                                         binaries: [binary] + [sanitized.runner?.testBinary].compactMap { $0 })
            for (index, exercise) in built.built.enumerated() {
                if !watch.replacedBinaries().isEmpty {
                    // An earlier exercise's tests replaced a binary: build it again, so
                    // this exercise runs what the grader built.
                    progress(Localizer(options.language)[.progressBuildingAgain])
                    _ = try builder.build(toGrade, companions: companions)
                    _ = try sanitizedBuild(of: toGrade, course: course, state: state, plan: plan,
                                           skipping: knownBroken)
                    watch.trustBinaries()
                }
                progress(Localizer(options.language)[.progressRunning, ["number": index + 1, "count": built.built.count, "exercise": exercise.id]])
                let checked = CheckedRuns(
                    runner: runner, sanitizedRunner: sanitized.runner,
                    sanitizerProblem: sanitized.broken[exercise.id], replaySeed: options.seed,
                    replaySchedule: options.schedule,
                    minimumRaceRepetitions: options.raceRepetitions ?? 1)
                results[exercise.id] = Self.blame(try checked.grade(exercise), for: watch)
            }
        }
        // A file saved while the build ran may or may not be in what was graded: such a result
        // is shown but not kept, or the cache would answer for the file as it is now.
        let now = self.fingerprints(of: plan)
        for exercise in toGrade where now[exercise.id] == fingerprints[exercise.id] {
            if let result = results[exercise.id] { cache.store(result, fingerprint: fingerprints[exercise.id]!) }
        }
        return results
    }

    /// Whether a scratch folder holds an earlier build: then building the whole course along is
    /// a no-op for the unchanged exercises, and keeps SwiftPM's plan the same from run to run.
    private func hasBuilt(_ scratch: String) -> Bool {
        FileManager.default.fileExists(atPath: scratch + "/debug.yaml")
    }

    /// The plain and the ThreadSanitizer builds, side by side: neither needs the other, and one
    /// after the other a re-grade of an exercise with race checks paid SwiftPM's fixed cost
    /// (planning, linking) twice in a row. They use separate scratch paths; what they share is
    /// `Package.resolved`, which both would write on a first run, with the same pins. The plain
    /// build's error is reported first.
    private func buildBoth<Plain: Sendable, Sanitized: Sendable>(
        plain: () throws(GradingError) -> Plain,
        sanitized: @escaping @Sendable () throws(GradingError) -> Sanitized
    ) throws(GradingError) -> (Plain, Sanitized) {
        let alongside = BackgroundJob(sanitized)
        let plainResult = Result { () throws(GradingError) in try plain() }
        let sanitizedResult = alongside.result()
        return (try plainResult.get(), try sanitizedResult.get())
    }

    /// An exercise whose tests changed the grader's files gets an error, whatever its tests said,
    /// and the files are put back before the next exercise runs.
    static func blame(_ result: ExerciseResult, for watch: CourseFilesGuard) -> ExerciseResult {
        let changed = watch.changes()
        guard !changed.isEmpty else { return result }
        watch.restore(changed)
        var blamed = result
        blamed.verdict = .error
        blamed.pointsEarned = 0
        blamed.problemMessage = Message(.problemChangedFiles, ["exercise": .verbatim(result.exerciseID), "files": .verbatim(changed.joined(separator: ", "))])
        return blamed
    }

    /// The ThreadSanitizer build of the exercises that ask for race checks, in a scratch path
    /// of its own, made only when one of them is graded. An exercise that does not compile
    /// fails here too; its result comes from the plain build.
    private func sanitizedBuild(
        of exercises: [Exercise], course: Course, state: String, plan: GradingPlan,
        skipping broken: Set<String>
    ) throws(GradingError) -> (runner: SuiteRun?, broken: [String: Message]) {
        let raced = exercises.filter(\.checks.race)
        guard options.threadSanitizer, !raced.isEmpty else { return (nil, [:]) }
        var builder = ExerciseBuild(root: options.root, scratchPath: state + "/" + plan.sources.rawValue + "-tsan",
                                    sources: plan.sources, progress: progress)
        builder.threadSanitizer = true
        builder.language = options.language
        let companions = course.exercises.filter { $0.checks.race && !broken.contains($0.id) }
        let built = try builder.build(raced, companions: companions)
        var problems: [String: Message] = [:]
        for (id, diagnostics) in built.broken {
            problems[id] = Message(.problemSanitizerBuildFailed, ["diagnostic": .verbatim(diagnostics.first ?? "")])
        }
        guard let binary = built.testBinary else { return (nil, problems) }
        var runner = SuiteRun(testBinary: binary, workingDirectory: options.root, eventsFolder: state + "/events",
                              inventory: try XCTestInventory.listed(in: binary, workingDirectory: options.root))
        runner.threadSanitizer = true
        return (runner, problems)
    }

    /// One fingerprint per exercise: shared inputs plus the exercise's own.
    private func fingerprints(of plan: GradingPlan) -> [String: String] {
        var shared = Fingerprint()
        shared.add(Self.toolVersion)
        shared.add(plan.sources.rawValue)
        shared.add("race repetitions \(options.raceRepetitions ?? 1), sanitizer \(options.threadSanitizer)")
        shared.addTree(options.root + "/Package.swift")
        shared.addTree(options.root + "/Sources")
        var fingerprints: [String: String] = [:]
        for exercise in plan.course.exercises {
            var own = shared
            own.add(String(describing: exercise))
            own.addTree(options.root + "/" + (plan.sources == .starters ? exercise.starterFolder : exercise.solutionFolder))
            for suite in exercise.suites { own.addTree(options.root + "/" + suite.path) }
            fingerprints[exercise.id] = own.hex
        }
        return fingerprints
    }
}

/// Everything a run found, in course order, for the reports.
package struct GradingOutcome: Sendable {
    package var course: Course
    package var plan: GradingPlan
    package var results: [ExerciseResult]
    package var seconds: Double
    /// The exercise whose details the default terminal report shows: where the student left
    /// off, or the first that does not pass (nil when every exercise passes).
    package var focus: String?

    package init(course: Course, plan: GradingPlan, results: [ExerciseResult], seconds: Double, focus: String? = nil) {
        (self.course, self.plan, self.results, self.seconds, self.focus) = (course, plan, results, seconds, focus)
    }

    package var pointsEarned: Int { results.reduce(0) { $0 + $1.pointsEarned } }
    package var pointsPossible: Int { results.reduce(0) { $0 + $1.pointsPossible } }
    package var allPassed: Bool { results.allSatisfy { $0.verdict == .passed } }
    /// 0 when every exercise passed, 1 otherwise (2 is for `GradingError`s, before grading).
    package var exitCode: Int32 { allPassed ? 0 : 1 }

    package func exercise(_ id: String) -> Exercise? {
        plan.exercises.first { $0.id == id }
    }
}
