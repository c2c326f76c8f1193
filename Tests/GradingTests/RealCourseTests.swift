import Foundation
import Testing
@testable import Grading

/// The course itself: the README's test command already runs every hidden suite against the
/// reference solutions (the default targets); this grades the *starters* with the grader and
/// checks that every one of them compiles and fails, so no exercise is done before it starts.
@Suite struct RealCourseTests {
    @Test func everyStarterCompilesAndFails() throws {
        var options = Grader.Options(root: mainRoot)
        options.stateFolder = testBinaryFolder + "/grading-real-course"
        // A starter must fail its tests; whether ThreadSanitizer also sees a race does not
        // change that, and its build would double this test's time.
        options.threadSanitizer = false
        let outcome = try Grader(options: options).run()
        #expect(!outcome.results.isEmpty)
        for result in outcome.results {
            #expect([.failed, .dataRace, .deadlock].contains(result.verdict), "starter of \(result.exerciseID): \(result.verdict) \(result.problem ?? "") \(result.diagnostics.joined(separator: "\n"))")
            #expect(result.tests.contains { $0.outcome == .failed } || !result.findings.isEmpty)
        }
    }

    /// Every wrong answer kept as a fixture (`<mistake>`) fails its suites. The suites alone
    /// catch nearly all of them; the ThreadSanitizer build, which `grade verify` adds, is built
    /// only for the few they pass whose exercise has race checks: a read without the lock of
    /// an `Int` loses nothing a test can count, and only the race check sees it.
    @Test func everyMistakeIsCaughtBySuites() throws {
        let exercises = try ManifestReader(root: mainRoot).read().exercises
        var grading = MistakeGrading(root: mainRoot, stateFolder: testBinaryFolder + "/grading-real-course")
        grading.threadSanitizer = false
        var outcomes = try grading.grade(exercises)
        #expect(outcomes.count == exercises.reduce(0) { $0 + $1.mistakes.count })
        let racesOnly = outcomes.filter { !$0.caught && $0.exercise.checks.race }.map { outcome in
            var exercise = outcome.exercise
            exercise.mistakes = [outcome.mistake]
            return exercise
        }
        if !racesOnly.isEmpty {
            grading.threadSanitizer = true
            let again = try grading.grade(racesOnly)
            outcomes = outcomes.map { outcome in
                again.first { $0.exercise.id == outcome.exercise.id && $0.mistake.id == outcome.mistake.id } ?? outcome
            }
        }
        for outcome in outcomes {
            let result = outcome.result
            #expect(outcome.caught && result.verdict != .compileError,
                    "mistake \(outcome.mistake.id) of \(outcome.exercise.id): \(result.verdict) \(result.problem ?? "") \(result.diagnostics.first ?? "")")
        }
    }

    /// Every correct answer kept as a fixture (`<alternative>`) passes its suites and every
    /// check, the ThreadSanitizer run included: a `Mutex` or `Atomic` counter, a footman among
    /// the philosophers, a pipe instead of a queue are right and must be graded so.
    @Test func everyAlternativePasses() throws {
        let exercises = try ManifestReader(root: mainRoot).read().exercises
        // A state folder of its own: the mistakes test runs at the same time in this process,
        // and one scratch folder builds one version of each module at a time.
        let grading = MistakeGrading(root: mainRoot, stateFolder: testBinaryFolder + "/grading-real-course-alternatives")
        let outcomes = try grading.gradeAlternatives(exercises)
        #expect(outcomes.count == exercises.reduce(0) { $0 + $1.alternatives.count })
        #expect(outcomes.count >= 25)
        for outcome in outcomes {
            let result = outcome.result
            #expect(outcome.accepted, "alternative \(outcome.alternative.id) of \(outcome.exercise.id): \(result.verdict) \(CourseVerifier.summary(of: result)) \(result.findings)")
        }
    }
}
