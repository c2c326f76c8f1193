import Foundation
import Testing
@testable import Grading

/// `grade verify` without builds: the checks on files and the manifest (a tiny course).
@Suite struct VerifyStaticTests {
    @Test func exerciseWithoutHintsIsAProblem() throws {
        let tiny = try TinyCourse()
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: try tiny.course()) == [
            "course.xml:4:5: error: exercise 'adding' has no hints; add at least one <hint> for a student who is stuck",
            "Exercises/basics/lesson.md: error: the lesson has no section for exercise 'adding'; add a '## Adding' section that says what to do and which file to edit",
        ])
        try tiny.write("Exercises/basics/lesson.md", "# Basics\n\n## Exercise: adding\n")
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: try tiny.course()).count == 1, "a heading with the id is a section too")
        try tiny.write("Exercises/basics/lesson.md", "# Basics\n\n**Exercise**: edit `Exercises/basics/adding/Add.swift`.\n")
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: try tiny.course()).count == 1, "naming the file to edit is a section too")
    }

    @Test func emptyLessonIsAProblem() throws {
        let tiny = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(
            of: "    </exercise>", with: "      <hint>Use +.</hint>\n    </exercise>"))
        try tiny.write("Exercises/basics/lesson.md", "  \n")
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: try tiny.course()) == [
            "Exercises/basics/lesson.md: error: the lesson of chapter 'basics' is empty; write the chapter's lesson in it",
        ])
    }

    @Test func orphanedAndUnlistedFilesAreProblems() throws {
        let tiny = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(
            of: "    </exercise>", with: "      <hint>Use +.</hint>\n    </exercise>"))
        try tiny.write("Exercises/basics/lesson.md", "# Basics\n\n## Adding\n")
        try tiny.write("Exercises/basics/removed/Old.swift", "\n")
        try tiny.write("Exercises/basics/adding/Helper.swift", "\n")
        try tiny.write("Solutions/basics/adding/Helper.swift", "\n")
        try tiny.write("Tests/Exercises/basics/gone/GoneTests.swift", "\n")
        try tiny.write("Tests/Mistakes/basics/adding/typo/Add.swift", "\n")
        try tiny.write("Tests/Mistakes/basics/adding/forgotten.patch", "--- a/Add.swift\n")
        try tiny.write("Tests/Alternatives/basics/adding/unlisted/Add.swift", "\n")
        try tiny.write("Exercises/basics/notes.md", "not Swift: lessons and notes are fine\n")
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: try tiny.course()) == [
            "Exercises/basics/adding/Helper.swift: error: this file is in the starter folder of exercise 'adding' but course.xml does not list it; add <starter>Exercises/basics/adding/Helper.swift</starter> to the exercise or delete the file",
            "Exercises/basics/removed/Old.swift: error: no exercise in course.xml uses this file; add it to an exercise or delete it",
            "Solutions/basics/adding/Helper.swift: error: this file is in the solution folder of exercise 'adding' but course.xml does not list it; add <solution>Solutions/basics/adding/Helper.swift</solution> to the exercise or delete the file",
            "Tests/Exercises/basics/gone/GoneTests.swift: error: no exercise in course.xml uses this file; add it to an exercise or delete it",
            "Tests/Mistakes/basics/adding/forgotten.patch: error: no exercise in course.xml uses this file; add it to an exercise or delete it",
            "Tests/Mistakes/basics/adding/typo/Add.swift: error: no exercise in course.xml uses this file; add it to an exercise or delete it",
            "Tests/Alternatives/basics/adding/unlisted/Add.swift: error: no exercise in course.xml uses this file; add it to an exercise or delete it",
        ])
    }

    @Test func manifestProblemsStopVerifyBeforeAnyBuild() throws {
        let tiny = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(of: #" points="1""#, with: ""))
        #expect(CourseVerifier(root: tiny.root).problems() == [
            "course.xml:4:5: error: Element 'exercise': The attribute 'points' is required but missing.",
        ])
    }

    @Test func packageDisagreementStopsVerifyBeforeAnyBuild() throws {
        let tiny = try TinyCourse(packageLines: [])
        let problems = CourseVerifier(root: tiny.root).problems()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("Package.swift:6:1: error: course.xml has exercise 'adding' (module Adding) but Package.swift does not list it") == true)
    }

    @Test func noBuildChecksOnlyWhatNeedsNoBuild() throws {
        let tiny = try TinyCourse()
        let problems = try runProgram(gradeExecutable, ["verify", "--no-build"], in: tiny.root)
        #expect(problems.status == 1)
        #expect(problems.output == """
            course.xml:4:5: error: exercise 'adding' has no hints; add at least one <hint> for a student who is stuck
            Exercises/basics/lesson.md: error: the lesson has no section for exercise 'adding'; add a '## Adding' section that says what to do and which file to edit
            verify: 2 problems

            """)
        let sound = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(
            of: "    </exercise>", with: "      <hint>Use +.</hint>\n    </exercise>"))
        try sound.write("Exercises/basics/lesson.md", "# Basics\n\n## Adding\n")
        let clean = try runProgram(gradeExecutable, ["verify", "--no-build"], in: sound.root)
        #expect(clean.status == 0)
        #expect(clean.output == "verify: no problems found without building (run without --no-build for the rest)\n")
    }

    @Test func starterWithoutTheExercisesHeaderIsAProblem() throws {
        let tiny = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(
            of: "    </exercise>", with: "      <hint>Use +.</hint>\n    </exercise>"))
        try tiny.write("Exercises/basics/lesson.md", "# Basics\n\n## Adding\n")
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: try tiny.course()) == [])
        try tiny.write("Exercises/basics/adding/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { 0 }\n")
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: try tiny.course()) == [
            "Exercises/basics/adding/Add.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise adding: Adding (chapter Basics).",
        ])
    }

    @Test func summaryOfAResultIsOneLine() {
        var result = ExerciseResult(
            exerciseID: "x", verdict: .failed, pointsEarned: 0, pointsPossible: 1, duration: 0,
            tests: [TestResult(suite: "XTests.T", name: "testA", outcome: .failed, duration: 0,
                               failures: [TestFailure(message: "1 is not 2", file: "Tests/x/T.swift", line: 3)])],
            diagnostics: [], problem: nil, outputTail: "")
        #expect(CourseVerifier.summary(of: result) == "XTests.T/testA failed: 1 is not 2 at Tests/x/T.swift:3")
        result.verdict = .compileError
        result.diagnostics = ["Exercises/x/X.swift:1:2: error: bad\n  1 | code\n    | ^"]
        #expect(CourseVerifier.summary(of: result) == "Exercises/x/X.swift:1:2: error: bad")
        result.verdict = .timedOut
        result.problemMessage = "XTests timed out after 3 s"
        #expect(CourseVerifier.summary(of: result) == "timed out: XTests timed out after 3 s")
    }
}

/// `grade verify` on the mixed fixture, built for real: its solutions pass, but some starters
/// pass or do not compile, a mistake is not caught, hints are missing and two files are orphaned.
@Suite(.serialized) struct VerifyFixtureTests {
    @Test func verifyReportsEveryProblemOnePerLineAndExitsWithOne() throws {
        _ = try MixedFixture.starters.get()
        _ = try MixedFixture.solutions.get()
        try fixtureLock.withLock { _ in
            let root = MixedFixture.course.root
            let run = try runProgram(gradeExecutable, ["verify"], in: root, environment: ["NO_COLOR": "1"])
            #expect(run.status == 1, "\(run.output)")
            #expect(run.output.split(separator: "\n").map(String.init) == [
                "course.xml:4:5: error: exercise 'passing-xctest' has no hints; add at least one <hint> for a student who is stuck",
                "course.xml:13:5: error: exercise 'passing-testing' has no hints; add at least one <hint> for a student who is stuck",
                "Exercises/basics/passing-xctest/Add.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise passing-xctest: Passing XCTest (chapter Basics).",
                "Exercises/basics/passing-testing/Double.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise passing-testing: Passing Swift Testing (chapter Basics).",
                "Exercises/basics/failing-xctest/Square.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise failing-xctest: Failing XCTest (chapter Basics).",
                "Exercises/basics/failing-testing/Greeting.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise failing-testing: Failing Swift Testing (chapter Basics).",
                "course.xml:42:5: error: exercise 'crashing' has no hints; add at least one <hint> for a student who is stuck",
                "course.xml:47:5: error: exercise 'crashing-xctest' has no hints; add at least one <hint> for a student who is stuck",
                "course.xml:52:5: error: exercise 'hanging' has no hints; add at least one <hint> for a student who is stuck",
                "course.xml:57:5: error: exercise 'early-exit' has no hints; add at least one <hint> for a student who is stuck",
                "Exercises/trouble/lesson.md: error: the lesson has no section for exercise 'early-exit'; add a '## Exits early' section that says what to do and which file to edit",
                "Exercises/trouble/broken/Broken.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise broken: Does not compile (chapter Trouble).",
                "Exercises/trouble/crashing/Crash.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise crashing: Crashes (chapter Trouble).",
                "Exercises/trouble/crashing-xctest/Unwrap.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise crashing-xctest: Crashes in XCTest (chapter Trouble).",
                "Exercises/trouble/hanging/Wait.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise hanging: Hangs (chapter Trouble).",
                "Exercises/trouble/early-exit/Quit.swift: error: the starter does not begin with the exercise's header; begin it with the three lines `grade new` writes, the first being: // Exercise early-exit: Exits early (chapter Trouble).",
                "Exercises/basics/Leftover.swift: error: no exercise in course.xml uses this file; add it to an exercise or delete it",
                "Solutions/basics/failing-testing/Unlisted.swift: error: this file is in the solution folder of exercise 'failing-testing' but course.xml does not list it; add <solution>Solutions/basics/failing-testing/Unlisted.swift</solution> to the exercise or delete the file",
                "Exercises/basics/passing-xctest/Add.swift: error: the starter of exercise 'passing-xctest' passes every test; a starter must fail at least one test, so leave the work to the student",
                "Exercises/basics/passing-testing/Double.swift: error: the starter of exercise 'passing-testing' passes every test; a starter must fail at least one test, so leave the work to the student",
                "Exercises/trouble/broken/Broken.swift: error: the starter of exercise 'broken' does not compile (Exercises/trouble/broken/Broken.swift:2:12: error: cannot convert return expression of type 'String' to return type 'Int'); a starter must compile and fail a test",
                "Exercises/trouble/crashing/Crash.swift: error: the starter of exercise 'crashing' did not fail cleanly (crashed: CrashingTests crashed with signal SIGILL (4), a Swift trap while running CrashingTests.CrashTests/outside()); a starter must fail its tests by returning wrong values, not crash, hang or exit",
                "Exercises/trouble/crashing-xctest/Unwrap.swift: error: the starter of exercise 'crashing-xctest' did not fail cleanly (crashed: CrashingXTests crashed with signal SIGILL (4), a Swift trap while running CrashingXTests.UnwrapTests/testEmpty); a starter must fail its tests by returning wrong values, not crash, hang or exit",
                "Exercises/trouble/hanging/Wait.swift: error: the starter of exercise 'hanging' did not fail cleanly (timed out: HangingTests timed out after 3 s while running HangingTests.WaitTests/testAnswer; the test process and everything it started were killed); a starter must fail its tests by returning wrong values, not crash, hang or exit",
                "Exercises/trouble/early-exit/Quit.swift: error: the starter of exercise 'early-exit' did not fail cleanly (error: EarlyExitTests ran 0 of its 2 tests (exit status 0); the test process ended early); a starter must fail its tests by returning wrong values, not crash, hang or exit",
                "Tests/Mistakes/basics/passing-testing/adds-itself: error: mistake adds-itself of exercise passing-testing passed its suites; the suites must catch it (Not a mistake at all: `grade verify` reports that the suites do not catch it.)",
                "Tests/Mistakes/basics/passing-testing/wrong-type: error: mistake wrong-type of exercise passing-testing does not compile (Tests/Mistakes/basics/passing-testing/wrong-type/Double.swift:1:39: error: cannot convert return expression of type 'String' to return type 'Int'); a mistake must compile and fail the suites for its reason",
                "Tests/Alternatives/basics/passing-xctest/multiplies: error: alternative multiplies of exercise passing-xctest does not pass: PassingXTests.AddTests/testNegative failed: XCTAssertEqual failed: (\"2\") is not equal to (\"-3\") -  at Tests/basics/passing-xctest/AddTests.swift:6; it is a correct answer (Not correct at all: `grade verify` reports that the suites reject it.), so fix the suites or the checks that reject it",
                "verify: 28 problems",
            ])
        }
    }

    @Test func alternativesAreBuiltLikeMistakesAndMustPass() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            let exercises = try ManifestReader(root: course.root).read().exercises
            let outcomes = try MistakeGrading(root: course.root).gradeAlternatives(exercises)
            #expect(outcomes.map { "\($0.exercise.id)/\($0.alternative.id)" } == [
                "passing-xctest/operands-swapped", "passing-xctest/multiplies", "passing-testing/shifts",
            ])
            #expect(outcomes.map(\.result.verdict) == [.passed, .failed, .passed])
            #expect(outcomes.map(\.accepted) == [true, false, true])
            #expect(outcomes.compactMap(CourseVerifier.problem(with:)).count == 1)
        }
    }

    /// `--repeat`: every solution, alternative and mistake graded afresh N times, as a table;
    /// the alternative the suites reject is a problem, the steady fixtures are not.
    @Test func verifyRepeatCountsEveryRunOfEveryFixture() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let root = MixedFixture.course.root
            let run = try runProgram(gradeExecutable, ["verify", "--repeat", "2", "passing-xctest"], in: root, environment: ["NO_COLOR": "1"])
            #expect(run.status == 1, "\(run.output)")
            let lines = run.output.split(separator: "\n").map(String.init).filter { !$0.contains("has no hints") && !$0.contains("lesson has no section") && !$0.contains("uses this file") && !$0.contains("does not list it") && !$0.contains("does not begin with the exercise's header") }
            #expect(lines == [
                "exercise        solution  alternatives (passed)                 mistakes (failed)",
                "passing-xctest  2/2       operands-swapped 2/2, multiplies 0/2  subtracts 2/2, positive-only 2/2",
                "error: exercise passing-xctest is flaky over 2 runs (solution passed 2/2): multiplies: PassingXTests.AddTests/testNegative failed: XCTAssertEqual failed: (\"2\") is not equal to (\"-3\") -  at Tests/basics/passing-xctest/AddTests.swift:6; fix the suites, the checks or the fixture, never retry it away",
                "verify: 19 problems",
            ])
        }
    }

    @Test func verifyRepeatRefusesNonsense() throws {
        let root = MixedFixture.course.root
        let zero = try runProgram(gradeExecutable, ["verify", "--repeat", "0"], in: root)
        #expect(zero.status == 2 && zero.output.contains("--repeat takes a number of runs of at least 1"), "\(zero.output)")
        let ids = try runProgram(gradeExecutable, ["verify", "passing-xctest"], in: root)
        #expect(ids.status == 2 && ids.output.contains("exercise ids are taken only with --repeat; plain verify checks the whole course"), "\(ids.output)")
        let both = try runProgram(gradeExecutable, ["verify", "--repeat", "2", "--no-build"], in: root)
        #expect(both.status == 2 && both.output.contains("--repeat grades builds; it cannot be combined with --no-build"), "\(both.output)")
    }

    @Test func mistakesAreBuiltInRoundsAndCaughtByTheSuites() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            let exercises = try ManifestReader(root: course.root).read().exercises
            let outcomes = try MistakeGrading(root: course.root).grade(exercises)
            #expect(outcomes.map { "\($0.exercise.id)/\($0.mistake.id)" } == [
                "passing-xctest/subtracts", "passing-xctest/positive-only", "passing-testing/adds-itself", "passing-testing/wrong-type",
            ])
            #expect(outcomes.map(\.result.verdict) == [.failed, .failed, .passed, .compileError])
            #expect(outcomes.map(\.caught) == [true, true, false, true])
            let negative = outcomes[1].result.tests.first { $0.name == "testNegative" }
            #expect(negative?.outcome == .failed, "positive-only is caught by the negative case only")
            // Every round builds in one scratch folder, so the runtime is compiled once.
            #expect(FileManager.default.fileExists(atPath: course.root + "/.build-grade/mistakes"))
            #expect(!FileManager.default.fileExists(atPath: course.root + "/.build-grade/mistakes-2"))
        }
    }
}

/// The figures of `grade verify --repeat`, without a build.
@Suite struct RepeatFiguresTests {
    @Test func steadyOnlyWhenEveryRunWentAsItMust() {
        var figure = RepeatedVerification.Figures(exerciseID: "counter", runs: 10)
        figure.solutionPassed = 10
        figure.alternativesPassed = [.init(id: "mutex", count: 10)]
        figure.mistakesFailed = [.init(id: "unlocked", count: 10)]
        #expect(figure.isSteady)
        #expect(RepeatedVerification.problems([figure]).isEmpty)
        figure.mistakesFailed = [.init(id: "unlocked", count: 9)]
        figure.firstDeviation["unlocked"] = "passed"
        #expect(!figure.isSteady)
        #expect(RepeatedVerification.problems([figure]) == [
            "error: exercise counter is flaky over 10 runs (solution passed 10/10): unlocked: passed; fix the suites, the checks or the fixture, never retry it away",
        ])
        #expect(RepeatedVerification.table([figure]) == """
            exercise  solution  alternatives (passed)  mistakes (failed)
            counter   10/10     mutex 10/10            unlocked 9/10
            """)
    }
}
