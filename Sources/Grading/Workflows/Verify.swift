import Foundation

/// `grade verify`: the instructor's check that the course is sound before students see it.
///
/// In order: the manifest validates; Package.swift agrees with it; every exercise has hints and
/// a section in its chapter's lesson; no Swift file is orphaned; every reference solution passes
/// all its suites (with the checks the grader applies); every starter compiles and fails its
/// tests (a plain failure: a starter that crashes or hangs is a bug); every wrong-answer fixture
/// (`<mistake>`) compiles and fails. Each problem is one line that starts
/// with the file to open and ends with what to do.
public struct CourseVerifier: Sendable {
    public var root: String
    public var stateFolder: String?
    public var progress: @Sendable (String) -> Void

    /// The folders whose Swift files must each belong to an exercise.
    /// Runs of each race-checked solution (at least; the manifest may ask for more).
    public static let raceRepetitions = 10

    public static let courseFolders = ["Exercises", "Solutions", "Tests/Exercises", "Tests/Mistakes"]

    public init(root: String, stateFolder: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        (self.root, self.stateFolder, self.progress) = (root, stateFolder, progress)
    }

    /// Every problem found, one line each; empty when the course is sound. Without `build`,
    /// only what needs no build: manifest, Package.swift, hints, lessons, orphaned files.
    public func problems(build: Bool = true) -> [String] {
        let course: Course
        do {
            course = try ManifestReader(root: root).read()
        } catch {
            return error.problems
        }
        let disagreements = PackageAgreement(root: root).problems(for: course)
        if !disagreements.isEmpty { return disagreements }

        var problems = staticProblems(in: course)
        guard build else { return problems }
        for sources in [GradingPlan.Sources.solutions, .starters] {
            progress("grading the \(sources.rawValue)")
            var options = Grader.Options(root: root, sources: sources)
            options.stateFolder = stateFolder
            // A reference solution must survive many seeds: one racy run in ten is a bug.
            if sources == .solutions { options.raceRepetitions = Self.raceRepetitions }
            do {
                let outcome = try Grader(options: options, progress: progress).run()
                for (exercise, result) in zip(outcome.plan.exercises, outcome.results) {
                    if let problem = Self.problem(with: result, of: exercise, sources: sources) { problems.append(problem) }
                }
            } catch {
                problems += error.problems
            }
        }
        do {
            let mistakes = try MistakeGrading(root: root, stateFolder: stateFolder, progress: progress).grade(course.exercises)
            for outcome in mistakes {
                if outcome.result.verdict == .passed {
                    problems.append("\(outcome.mistake.folder): error: mistake \(outcome.mistake.id) of exercise \(outcome.exercise.id) passed its suites; the suites must catch it (\(outcome.mistake.explanation))")
                } else if outcome.result.verdict == .compileError {
                    problems.append("\(outcome.mistake.folder): error: mistake \(outcome.mistake.id) of exercise \(outcome.exercise.id) does not compile (\(Self.summary(of: outcome.result))); a mistake must compile and fail the suites for its reason")
                }
            }
        } catch {
            problems += error.problems
        }
        return problems
    }

    /// What can be checked without building: hints, lessons, orphaned files.
    public func staticProblems(in course: Course) -> [String] {
        var problems: [String] = []
        for chapter in course.chapters {
            let lesson = (try? String(contentsOfFile: root + "/" + chapter.lesson, encoding: .utf8)) ?? ""
            if lesson.trimmingSpaces().isEmpty {
                problems.append("\(chapter.lesson): error: the lesson of chapter '\(chapter.id)' is empty; write the chapter's lesson in it")
            }
            for exercise in chapter.exercises where exercise.hints.isEmpty {
                problems.append("\(exercise.location): error: exercise '\(exercise.id)' has no hints; add at least one <hint> for a student who is stuck")
            }
            if !lesson.trimmingSpaces().isEmpty {
                for exercise in chapter.exercises where !Self.hasSection(for: exercise, in: lesson) {
                    problems.append("\(chapter.lesson): error: the lesson has no section for exercise '\(exercise.id)'; add a '## \(exercise.title)' section that says what to do and which file to edit")
                }
            }
        }
        return problems + orphanProblems(in: course)
    }

    /// The lesson has a part for the exercise: a heading names it (its id or its title, in any
    /// case), or the lesson names the file to edit (some lessons introduce each exercise in a
    /// paragraph under the topic's heading).
    static func hasSection(for exercise: Exercise, in lesson: String) -> Bool {
        if exercise.starters.contains(where: { lesson.contains($0) }) { return true }
        return lesson.split(separator: "\n").contains { line in
            guard line.hasPrefix("#") else { return false }
            let heading = line.lowercased()
            return heading.contains(exercise.id) || heading.contains(exercise.title.lowercased())
        }
    }

    /// Swift files under the course folders that no exercise uses, and files in a starter or
    /// solution folder that course.xml does not list (they would be built but never shown,
    /// reset or published).
    func orphanProblems(in course: Course) -> [String] {
        var listed: [String: (exercise: String, kind: String, tag: String)] = [:]
        var folders: [String] = []
        for exercise in course.exercises {
            for file in exercise.starters { listed[file] = (exercise.id, "starter", "starter") }
            for file in exercise.solutions { listed[file] = (exercise.id, "solution", "solution") }
            folders += exercise.suites.map(\.path) + exercise.mistakes.map(\.folder)
        }
        let starterFolders = Dictionary(course.exercises.map { ($0.starterFolder, $0.id) }) { first, _ in first }
        let solutionFolders = Dictionary(course.exercises.map { ($0.solutionFolder, $0.id) }) { first, _ in first }
        var problems: [String] = []
        for top in Self.courseFolders {
            for file in swiftFiles(under: top) where listed[file] == nil {
                if folders.contains(where: { file.hasPrefix($0 + "/") }) { continue }
                let folder = parentFolder(of: file)
                if let owner = starterFolders[folder] {
                    problems.append("\(file): error: this file is in the starter folder of exercise '\(owner)' but course.xml does not list it; add <starter>\(file)</starter> to the exercise or delete the file")
                } else if let owner = solutionFolders[folder] {
                    problems.append("\(file): error: this file is in the solution folder of exercise '\(owner)' but course.xml does not list it; add <solution>\(file)</solution> to the exercise or delete the file")
                } else {
                    problems.append("\(file): error: no exercise in course.xml uses this file; add it to an exercise or delete it")
                }
            }
        }
        return problems
    }

    private func swiftFiles(under folder: String) -> [String] {
        let base = root + "/" + folder
        return (FileManager.default.subpaths(atPath: base) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
            .map { folder + "/" + $0 }
    }

    /// The problem a solution (must pass) or starter (must compile and fail) has, if any.
    static func problem(with result: ExerciseResult, of exercise: Exercise, sources: GradingPlan.Sources) -> String? {
        switch sources {
        case .solutions:
            guard result.verdict != .passed else { return nil }
            return "\(exercise.solutions[0]): error: the solution of exercise '\(exercise.id)' does not pass: \(summary(of: result)); fix the solution or its suites"
        case .starters:
            switch result.verdict {
            case .passed:
                return "\(exercise.starters[0]): error: the starter of exercise '\(exercise.id)' passes every test; a starter must fail at least one test, so leave the work to the student"
            case .compileError:
                return "\(exercise.starters[0]): error: the starter of exercise '\(exercise.id)' does not compile (\(summary(of: result))); a starter must compile and fail a test"
            case .crashed, .timedOut, .outOfMemory, .error:
                return "\(exercise.starters[0]): error: the starter of exercise '\(exercise.id)' did not fail cleanly (\(summary(of: result))); a starter must fail its tests by returning wrong values, not crash, hang or exit"
            case .failed, .dataRace, .deadlock:
                // A race or deadlock the checks report is a fair failure: some starters are
                // racy on purpose, and the student's work is to fix that.
                return nil
            }
        }
    }

    /// One line: the first failing expectation, the first compiler error or the problem.
    public static func summary(of result: ExerciseResult) -> String {
        switch result.verdict {
        case .failed:
            guard let (test, failure) = result.firstFailure else { return "failed" }
            return "\(test.suite)/\(test.name) failed: \(failure.message)" + (failure.place.map { " at \($0)" } ?? "")
        case .compileError:
            return result.diagnostics.first.map { String($0.split(separator: "\n").first ?? "") } ?? "compile error"
        default:
            // The problem's first line: what follows (threads of a hung test, say) is detail.
            let problem = result.problem.map { String($0.split(separator: "\n").first ?? "") } ?? ""
            return "\(result.verdict.rawValue): \(problem)"
        }
    }
}
