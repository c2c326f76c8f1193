import Foundation

/// `grade verify`: the instructor's check that the course is sound before students see it.
///
/// In order: the manifest validates; Package.swift agrees with it; every exercise has hints and
/// a section in its chapter's lesson; every language has every title, hint and lesson section
/// the others have (`LanguageParity`); no Swift file is orphaned; every reference solution passes
/// all its suites (with the checks the grader applies); every starter compiles and fails its
/// tests (a plain failure: a starter that crashes or hangs is a bug); every wrong-answer fixture
/// (`<mistake>`) compiles and fails; every correct alternative (`<alternative>`) passes. Each problem is one line that starts
/// with the file to open and ends with what to do.
package struct CourseVerifier: Sendable {
    package var root: String
    package var stateFolder: String?
    package var progress: @Sendable (String) -> Void

    /// The folders whose Swift files must each belong to an exercise.
    /// Runs of each race-checked solution (at least; the manifest may ask for more).
    package static let raceRepetitions = 10

    package static let courseFolders = ["Exercises", "Solutions", "Tests/Exercises", "Tests/Mistakes", "Tests/Alternatives"]

    package init(root: String, stateFolder: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        (self.root, self.stateFolder, self.progress) = (root, stateFolder, progress)
    }

    /// Every problem found, one line each; empty when the course is sound. Without `build`,
    /// only what needs no build: manifest, Package.swift, hints, lessons, orphaned files.
    package func problems(build: Bool = true) -> [String] {
        found(build: build).map(\.description)
    }

    private func found(build: Bool) -> [Problem] {
        let course: Course
        do {
            course = try ManifestReader(root: root).read()
        } catch {
            return error.found
        }
        let disagreements = PackageAgreement(root: root).problems(for: course)
        if !disagreements.isEmpty { return disagreements }

        var problems = staticFound(in: course)
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
                problems += error.found
            }
        }
        do {
            let mistakes = try MistakeGrading(root: root, stateFolder: stateFolder, progress: progress).grade(course.exercises)
            for outcome in mistakes {
                if outcome.result.verdict == .passed {
                    problems.append(Problem("mistake \(outcome.mistake.id) of exercise \(outcome.exercise.id) passed its suites; the suites must catch it (\(outcome.mistake.explanation))", at: "\(outcome.mistake.path)"))
                } else if outcome.result.verdict == .compileError {
                    problems.append(Problem("mistake \(outcome.mistake.id) of exercise \(outcome.exercise.id) does not compile (\(Self.summary(of: outcome.result))); a mistake must compile and fail the suites for its reason", at: "\(outcome.mistake.path)"))
                }
            }
        } catch {
            problems += error.found
        }
        do {
            let alternatives = try MistakeGrading(root: root, stateFolder: stateFolder, progress: progress).gradeAlternatives(course.exercises)
            problems += alternatives.compactMap(Self.problem(with:))
        } catch {
            problems += error.found
        }
        return problems
    }

    /// The problem a correct alternative has when its suites or checks do not pass it.
    static func problem(with outcome: MistakeGrading.AlternativeOutcome) -> Problem? {
        guard !outcome.accepted else { return nil }
        return Problem("alternative \(outcome.alternative.id) of exercise \(outcome.exercise.id) does not pass: \(summary(of: outcome.result)); it is a correct answer (\(outcome.alternative.explanation)), so fix the suites or the checks that reject it", at: outcome.alternative.path)
    }

    /// What can be checked without building: hints, lessons, orphaned files.
    package func staticProblems(in course: Course) -> [String] {
        staticFound(in: course).map(\.description)
    }

    private func staticFound(in course: Course) -> [Problem] {
        var problems: [Problem] = []
        for chapter in course.chapters {
            let lesson = (try? String(contentsOfFile: root + "/" + chapter.lesson, encoding: .utf8)) ?? ""
            if lesson.trimmingSpaces().isEmpty {
                problems.append(Problem("the lesson of chapter '\(chapter.id)' is empty; write the chapter's lesson in it", at: "\(chapter.lesson)"))
            }
            for exercise in chapter.exercises where exercise.hints.isEmpty {
                problems.append(Problem("exercise '\(exercise.id)' has no hints; add at least one <hint> for a student who is stuck", at: "\(exercise.location)"))
            }
            if !lesson.trimmingSpaces().isEmpty {
                for exercise in chapter.exercises where !Self.hasSection(for: exercise, in: lesson) {
                    problems.append(Problem("the lesson has no section for exercise '\(exercise.id)'; add a '## \(exercise.title)' section that says what to do and which file to edit", at: "\(chapter.lesson)"))
                }
            }
            for exercise in chapter.exercises {
                guard let starter = exercise.starters.first,
                      let source = try? String(contentsOfFile: root + "/" + starter, encoding: .utf8),
                      !StarterHeader.isPresent(in: source, for: exercise) else { continue }
                problems.append(Problem("the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: " + StarterHeader(exercise: exercise, chapter: chapter).firstLine, at: starter))
            }
        }
        return problems + LanguageParity(root: root).problems(in: course) + orphanProblems(in: course)
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

    /// Swift files and patches under the course folders that no exercise uses, and files in a starter or
    /// solution folder that course.xml does not list (they would be built but never shown,
    /// reset or published).
    func orphanProblems(in course: Course) -> [Problem] {
        var listed: [String: (exercise: String, kind: String, tag: String)] = [:]
        var folders: [String] = []
        for exercise in course.exercises {
            for file in exercise.starters { listed[file] = (exercise.id, "starter", "starter") }
            for file in exercise.solutions { listed[file] = (exercise.id, "solution", "solution") }
            folders += exercise.suites.map(\.path) + exercise.mistakes.map(\.path) + exercise.alternatives.map(\.path)
        }
        let starterFolders = Dictionary(course.exercises.map { ($0.starterFolder, $0.id) }) { first, _ in first }
        let solutionFolders = Dictionary(course.exercises.map { ($0.solutionFolder, $0.id) }) { first, _ in first }
        var problems: [Problem] = []
        for top in Self.courseFolders {
            for file in courseFiles(under: top) where listed[file] == nil {
                if folders.contains(where: { file == $0 || file.hasPrefix($0 + "/") }) { continue }
                let folder = parentFolder(of: file)
                if let owner = starterFolders[folder] {
                    problems.append(Problem("this file is in the starter folder of exercise '\(owner)' but course.xml does not list it; add <starter>\(file)</starter> to the exercise or delete the file", at: "\(file)"))
                } else if let owner = solutionFolders[folder] {
                    problems.append(Problem("this file is in the solution folder of exercise '\(owner)' but course.xml does not list it; add <solution>\(file)</solution> to the exercise or delete the file", at: "\(file)"))
                } else {
                    problems.append(Problem("no exercise in course.xml uses this file; add it to an exercise or delete it", at: "\(file)"))
                }
            }
        }
        return problems
    }

    /// The Swift files and fixture patches under `folder`.
    private func courseFiles(under folder: String) -> [String] {
        let base = root + "/" + folder
        return (FileManager.default.subpaths(atPath: base) ?? []).filter { $0.hasSuffix(".swift") || $0.hasSuffix(".patch") }.sorted()
            .map { folder + "/" + $0 }
    }

    /// The problem a solution (must pass) or starter (must compile and fail) has, if any.
    static func problem(with result: ExerciseResult, of exercise: Exercise, sources: GradingPlan.Sources) -> Problem? {
        switch sources {
        case .solutions:
            guard result.verdict != .passed else { return nil }
            return Problem("the solution of exercise '\(exercise.id)' does not pass: \(summary(of: result)); fix the solution or its suites", at: exercise.solutions[0])
        case .starters:
            switch result.verdict {
            case .passed:
                return Problem("the starter of exercise '\(exercise.id)' passes every test; a starter must fail at least one test, so leave the work to the student", at: exercise.starters[0])
            case .compileError:
                return Problem("the starter of exercise '\(exercise.id)' does not compile (\(summary(of: result))); a starter must compile and fail a test", at: exercise.starters[0])
            case .crashed, .timedOut, .outOfMemory, .error:
                return Problem("the starter of exercise '\(exercise.id)' did not fail cleanly (\(summary(of: result))); a starter must fail its tests by returning wrong values, not crash, hang or exit", at: exercise.starters[0])
            case .failed, .dataRace, .deadlock:
                // A race or deadlock the checks report is a fair failure: some starters are
                // racy on purpose, and the student's work is to fix that.
                return nil
            }
        }
    }

    /// One line: the first failing expectation, the first compiler error or the problem, in
    /// `language` (the words around them; test messages and compiler errors are as written).
    package static func summary(of result: ExerciseResult, language: Language = .en) -> String {
        let words = Localizer(language)
        switch result.verdict {
        case .failed:
            guard let (test, failure) = result.firstFailure else { return words.verdict(.failed) }
            return words[.summaryTestFailed, ["test": "\(test.suite)/\(test.name)", "message": failure.message]]
                + (failure.place.map { words[.summaryAt, ["place": $0]] } ?? "")
        case .compileError:
            return result.diagnostics.first.map { String($0.split(separator: "\n").first ?? "") } ?? words.verdict(.compileError)
        default:
            // The problem's first line: what follows (threads of a hung test, say) is detail.
            let problem = result.problem(in: language).map { String($0.split(separator: "\n").first ?? "") } ?? ""
            return words[.summaryVerdict, ["verdict": words.verdict(result.verdict), "problem": problem]]
        }
    }
}
