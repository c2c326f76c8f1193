import Foundation

/// Stage 3: builds the chosen exercises and their suites with SwiftPM, so that an exercise
/// that does not compile is reported with the compiler's diagnostics and every other exercise
/// is still built.
///
/// SwiftPM has no keep-going and links every test target into one binary (ARCHITECTURE.md, "What the toolchain does"), so the
/// package's manifest takes the exercises to build from COURSE_GRADE_MODULES. The build
/// starts with all of them; when it fails, the exercises whose files the errors name are left
/// out and the rest built again, until the build succeeds. Errors that name no exercise (a
/// broken runtime, a link error) are pinned down by building the exercises one at a time.
struct ExerciseBuild {
    struct Outcome {
        /// Path of the test binary holding the suites of `built`, if any were built.
        var testBinary: String?
        var built: [Exercise]
        /// Compile errors per exercise id, as printable lines.
        var broken: [String: [String]]
        var seconds: Double
    }

    var root: String
    var scratchPath: String
    var sources: GradingPlan.Sources
    /// Build with ThreadSanitizer (for exercises with race checks, in a scratch path of its own).
    var threadSanitizer = false
    /// Modules built from another folder (COURSE_GRADE_FOLDERS): wrong-answer fixtures.
    var folders: [String: String] = [:]
    var progress: @Sendable (String) -> Void = { _ in }
    /// The language of the progress messages.
    var language: Language = .en

    /// Builds `exercises` (the ones to grade) together with `companions`: exercises that are not
    /// graded now but are kept in the build so that the set of targets, and with it SwiftPM's
    /// manifest and build plan, stays the same from run to run. Changing the set costs a
    /// manifest evaluation and a new plan (measured: about 15 s more for a one-exercise
    /// re-grade here). A companion that does not compile is dropped without a report.
    func build(_ exercises: [Exercise], companions: [Exercise] = []) throws(GradingError) -> Outcome {
        let start = ContinuousClock.now
        let freshness = ScratchFreshness(scratchPath: scratchPath, fingerprint: ScratchFreshness.sharedSources(of: root))
        if freshness.prepare() {
            progress(Localizer(language)[threadSanitizer ? .progressSharedChangedSanitizer : .progressSharedChanged])
        }
        let graded = Set(exercises.map(\.id))
        var remaining = exercises + companions.filter { !graded.contains($0.id) }
        var broken: [String: [String]] = [:]
        var retriedTogether = 0
        while !remaining.isEmpty {
            progress(Localizer(language)[threadSanitizer ? .progressBuildingSanitizer : .progressBuilding,
                                         ["graded": remaining.filter { graded.contains($0.id) }.count, "count": remaining.count]])
            let result = try swiftBuild(modules: remaining.map(\.module))
            if result.succeeded { break }
            let attributed = attribute(result.log, to: remaining)
            if !attributed.isEmpty {
                broken.merge(attributed) { $1 }
                remaining.removeAll { attributed[$0.id] != nil }
                continue
            }
            // Nothing to blame on one exercise: try them one by one.
            if remaining.count == 1 {
                broken[remaining[0].id] = unattributed(result.log)
                remaining = []
                break
            }
            var fine: [Exercise] = []
            for exercise in remaining {
                progress(Localizer(language)[.progressBuildingAlone, ["exercise": exercise.id]])
                let alone = try swiftBuild(modules: [exercise.module])
                if alone.succeeded { fine.append(exercise) } else {
                    let own = attribute(alone.log, to: [exercise])[exercise.id]
                    broken[exercise.id] = own ?? unattributed(alone.log)
                }
            }
            if fine.count == remaining.count {
                // Each builds alone: the failure was passing (a source edited during the build)
                // or comes from combining them. Try together once more before giving up.
                retriedTogether += 1
                if retriedTogether > 1 {
                    throw GradingError("the exercises build one by one but not together; the build said:\n" + unattributed(result.log).joined(separator: "\n"))
                }
            }
            remaining = fine
        }
        broken = broken.filter { graded.contains($0.key) }
        remaining.removeAll { !graded.contains($0.id) }
        var binary: String?
        if !remaining.isEmpty {
            binary = findTestBinary()
            if binary == nil { throw GradingError("the build succeeded but no test binary was found in \(scratchPath)/debug") }
        }
        return Outcome(testBinary: binary, built: remaining, broken: broken,
                       seconds: (ContinuousClock.now - start).seconds)
    }

    private func swiftBuild(modules: [String]) throws(GradingError) -> (succeeded: Bool, log: String) {
        var environment = BuildEnvironment.stable(ProcessInfo.processInfo.environment)
        environment["COURSE_GRADE_SOURCES"] = sources.rawValue
        environment["COURSE_GRADE_MODULES"] = modules.sorted().joined(separator: ",")
        if !folders.isEmpty {
            environment["COURSE_GRADE_FOLDERS"] = folders.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        let process = ChildProcess(
            executable: "swift",
            arguments: ["build", "--build-tests", "--package-path", root, "--scratch-path", scratchPath]
                + (threadSanitizer ? ["--sanitize=thread"] : []),
            environment: environment, workingDirectory: root, timeout: .seconds(1800),
            outputLimit: 4 * 1024 * 1024)
        let outcome = try process.run()
        return (outcome.ending == .exited(0), outcome.output.text)
    }

    /// The errors of `log` grouped by the exercise whose folders (its module or a suite) hold
    /// the file they name.
    private func attribute(_ log: String, to exercises: [Exercise]) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for error in CompilerDiagnostics(log: log).errors {
            let file = relative(error.file)
            guard let exercise = exercises.first(where: { owns($0, file) }) else { continue }
            let text = ([Problem(error.message, at: "\(file):\(error.line):\(error.column)").description] + error.excerpt)
            found[exercise.id, default: []].append(text.joined(separator: "\n"))
        }
        return found
    }

    private func owns(_ exercise: Exercise, _ file: String) -> Bool {
        let folder = folders[exercise.module] ?? (sources == .starters ? exercise.starterFolder : exercise.solutionFolder)
        return ([folder] + exercise.suites.map(\.path)).contains { file.hasPrefix($0 + "/") }
    }

    private func unattributed(_ log: String) -> [String] {
        let errors = CompilerDiagnostics(log: log).errors
        if !errors.isEmpty {
            return errors.map { Problem($0.message, at: "\(relative($0.file)):\($0.line):\($0.column)").description }
        }
        let lines = log.split(separator: "\n").filter { $0.contains("error") }.map(String.init)
        return lines.isEmpty ? ["the build failed: " + log.suffix(2000)] : Array(lines.prefix(20))
    }

    func relative(_ path: String) -> String {
        CourseRoot(root).relative(path)
    }

    /// The test binary of the build that just succeeded: one SwiftPM's build plan for it
    /// (`<scratch>/debug.yaml`, rewritten whenever the plan changes) links.
    ///
    /// Why not any binary in the folder: SwiftPM never removes one. With a Package.swift that
    /// declares no test targets (an instructor's slip), the build succeeds, and the binary an
    /// earlier build left was run: exercises graded with their old code, or "ran no tests".
    private func findTestBinary() -> String? {
        let folder = scratchPath + "/debug"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        guard let plan = try? String(contentsOfFile: scratchPath + "/debug.yaml", encoding: .utf8) else { return nil }
        return names.first { $0.hasSuffix("PackageTests.xctest") && plan.contains("/" + $0 + "\"") }.map { folder + "/" + $0 }
    }
}
