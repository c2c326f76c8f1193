import Foundation
import Testing
@testable import Grading

/// The mixed fixture course built and graded for real: passing, failing, non-compiling,
/// crashing, hanging and early-exiting exercises, in XCTest and Swift Testing. One build per
/// sources kind is shared by every test here (see `MixedFixture`).
@Suite(.serialized) struct FixtureGradingTests {
    var starters: GradingOutcome { get throws { try MixedFixture.starters.get() } }

    @Test func passingExercisesPassWithFullPoints() throws {
        let xctest = try starters.result("passing-xctest")
        #expect(xctest.verdict == .passed)
        #expect(xctest.pointsEarned == 3 && xctest.pointsPossible == 3)
        #expect(xctest.tests.map(\.name).sorted() == ["testNegative", "testSmall"])
        #expect(xctest.tests.allSatisfy { $0.outcome == .passed })

        let testing = try starters.result("passing-testing")
        #expect(testing.verdict == .passed)
        #expect(testing.pointsEarned == 4)
        #expect(testing.tests.count == 2)
    }

    @Test func failingXCTestReportsTheExpectationWithFileAndLine() throws {
        let result = try starters.result("failing-xctest")
        #expect(result.verdict == .failed)
        #expect(result.pointsEarned == 0)
        let failure = try #require(result.firstFailure)
        #expect(failure.test.name == "testThree")
        #expect(failure.test.suite == "FailingXTests.SquareTests")
        #expect(failure.failure.message == #"XCTAssertEqual failed: ("6") is not equal to ("9") - three squared is nine"#)
        #expect(failure.failure.file == "Tests/basics/failing-xctest/SquareTests.swift")
        #expect(failure.failure.line == 6)
        #expect(result.tests.first { $0.name == "testTwo" }?.outcome == .passed)
    }

    @Test func failingSwiftTestingReportsTheExpectationWithFileAndLine() throws {
        let result = try starters.result("failing-testing")
        #expect(result.verdict == .failed)
        let failure = try #require(result.firstFailure)
        #expect(failure.test.name == "greetsByName()")
        #expect(failure.failure.message.hasPrefix("Expectation failed: (greeting(\"Ada\") → "))
        #expect(failure.failure.message.hasSuffix(#" == "Hello, Ada!": a greeting <with> & markup"#))
        #expect(failure.failure.place == "Tests/basics/failing-testing/GreetingTests.swift:6")
    }

    @Test func compileErrorIsReportedForThatExerciseOnlyWithTheCompilerDiagnostics() throws {
        let outcome = try starters
        let result = try outcome.result("broken")
        #expect(result.verdict == .compileError)
        #expect(result.problem == "Broken does not compile")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.hasPrefix("Exercises/trouble/broken/Broken.swift:2:12: error: cannot convert return expression of type 'String' to return type 'Int'"))
        // Every other exercise was still built and run.
        #expect(outcome.results.filter { $0.verdict == .compileError }.map(\.exerciseID) == ["broken"])
        #expect(outcome.results.filter { !$0.tests.isEmpty }.count == 8)
    }

    @Test func swiftTestingCrashNamesTheSignalAndTheRunningTest() throws {
        let result = try starters.result("crashing")
        #expect(result.verdict == .crashed)
        #expect(result.problem == "CrashingTests crashed with signal SIGILL (4), a Swift trap while running CrashingTests.CrashTests/outside()")
        #expect(result.outputTail.contains("Fatal error: Index out of range"))
        #expect(result.tests.first { $0.name == "inside()" }?.outcome == .passed)
        #expect(result.tests.first { $0.name == "outside()" }?.outcome == .interrupted)
    }

    @Test func xctestCrashNamesTheSignalAndTheRunningTest() throws {
        let result = try starters.result("crashing-xctest")
        #expect(result.verdict == .crashed)
        #expect(result.problem == "CrashingXTests crashed with signal SIGILL (4), a Swift trap while running CrashingXTests.UnwrapTests/testEmpty")
        #expect(result.outputTail.contains("Unexpectedly found nil while unwrapping an Optional value"))
    }

    @Test func hangIsKilledAtTheTimeout() throws {
        let result = try starters.result("hanging")
        #expect(result.verdict == .timedOut)
        let problem = try #require(result.problem)
        #expect(problem.hasPrefix("HangingTests timed out after 3 s while running HangingTests.WaitTests/testAnswer; the test process and everything it started were killed\nthreads when the time ran out"))
        if access("/usr/bin/gdb", X_OK) == 0 {
            // The hung thread's frames in the course's files, innermost first.
            #expect(problem.contains("Exercises/trouble/hanging/Wait.swift:5 in waitForAnswer() <- Tests/trouble/hanging/WaitTests.swift:5 in WaitTests.testAnswer()"), "\(problem)")
        }
        #expect(result.duration >= 3 && result.duration < 30, "the timeout, and the time to read the threads' stacks")
        #expect(result.outputTail.contains("Test Case 'WaitTests.testAnswer' started"))
        #expect(result.outputTail.contains("waiting for an answer that never comes"), "what the test printed last, although it was killed")
    }

    /// The same runs in a Chinese report: the run stage's words follow the language; suite and
    /// test names, signals, paths, what the tests printed and the compiler's words stay as written.
    @Test func theRunStagesVerdictsReadInChinese() throws {
        let outcome = try starters
        let report = TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: MixedFixture.course.root, language: .zh).text
        #expect(report.contains("""
                  Broken 无法编译：
                    Exercises/trouble/broken/Broken.swift:2:12: error: cannot convert return expression of type 'String' to return type 'Int'
            """), "\(report)")
        #expect(report.contains("      CrashingTests 崩溃了，信号是 SIGILL (4)，Swift 运行时陷阱（当时正在运行 CrashingTests.CrashTests/outside()）\n      最后的输出：\n"), "\(report)")
        #expect(report.contains("      HangingTests 运行超过 3 秒，超时了（当时正在运行 HangingTests.WaitTests/testAnswer）；测试进程以及它启动的一切都被杀死了\n      时间用完时"), "\(report)")
        if access("/usr/bin/gdb", X_OK) == 0 {
            #expect(report.contains("时间用完时各线程所在的位置：\n        线程 '"), "\(report)")
            #expect(report.contains("'：Exercises/trouble/hanging/Wait.swift:5 中的 waitForAnswer() <- Tests/trouble/hanging/WaitTests.swift:5 中的 WaitTests.testAnswer()"), "\(report)")
        }
        #expect(report.contains("      EarlyExitTests 的 2 个测试只运行了 0 个（退出状态 0）；测试进程提前结束了\n"), "\(report)")
        let english = TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: MixedFixture.course.root, language: .en).text
        #expect(english.contains("      CrashingTests crashed with signal SIGILL (4), a Swift trap while running CrashingTests.CrashTests/outside()\n      last output:\n"), "\(english)")
    }

    @Test func earlyExitIsAnErrorNotAPass() throws {
        let result = try starters.result("early-exit")
        #expect(result.verdict == .error)
        #expect(result.problem == "EarlyExitTests ran 0 of its 2 tests (exit status 0); the test process ended early")
        #expect(result.pointsEarned == 0)
    }

    @Test func scoreAndExitCode() throws {
        let outcome = try starters
        #expect(outcome.pointsEarned == 7)
        #expect(outcome.pointsPossible == 27)
        #expect(outcome.exitCode == 1)
    }

    @Test func terminalReportShowsVerdictsFailuresHintsAndScore() throws {
        let outcome = try starters
        let text = TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: MixedFixture.course.root).text
        #expect(text.hasPrefix("Fixture course 1.0.0 (grading the starters)\n"))
        #expect(text.contains("\nBasics  2/4 passed, 7/17 points\n"))
        #expect(text.contains("  ✔ passing-xctest   passed           3/3"))
        #expect(text.contains("  ✘ failing-xctest   failed           0/5"))
        #expect(text.contains("      FailingXTests.SquareTests/testThree: XCTAssertEqual failed: (\"6\") is not equal to (\"9\") - three squared is nine\n        at Tests/basics/failing-xctest/SquareTests.swift:6\n      hint: Squaring multiplies a number by itself.\n"))
        #expect(text.contains("  ✘ broken           compile error    0/2"))
        #expect(text.contains("        Exercises/trouble/broken/Broken.swift:2:12: error: cannot convert return expression of type 'String' to return type 'Int'"))
        #expect(text.contains("  ✘ hanging          timed out        0/2"))
        #expect(text.contains("Score: 7/27 points, 2 of 9 exercises passed"))
        #expect(!text.contains("\u{1B}"), "no escape sequences without colours, not even from test output")

        let coloured = TerminalReport(outcome: outcome, style: TerminalStyle(colors: true), root: MixedFixture.course.root).text
        #expect(coloured.contains("\u{1B}[32m✔\u{1B}[0m"))
    }

    @Test func junitReportIsValidAndComplete() throws {
        let outcome = try starters
        let path = MixedFixture.course.root + "/.build-grade/report-starters.xml"
        try JUnitReport(outcome: outcome).write(to: path)
        #expect(try validateJUnit(path) == [])
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!xml.contains("\u{1B}"))
        #expect(xml.components(separatedBy: "<testsuite ").count - 1 == 9)
        #expect(xml.contains(#"<testsuite name="basics.passing-xctest" package="basics" id="0""#))
        #expect(xml.contains(#"tests="2" failures="0" errors="0" skipped="0""#))
        #expect(xml.contains(#"<property name="points" value="5"/>"#))
        #expect(xml.contains(#"<property name="exercise" value="failing-xctest"/>"#))
        #expect(xml.contains(#"<testcase name="build" classname="trouble.broken" time="0.000">"#))
        #expect(xml.contains(#"<error type="compile error" message="Broken does not compile">Exercises/trouble/broken/Broken.swift:2:12: error: cannot convert"#))
        #expect(xml.contains(#"<failure type="expectation" message="XCTAssertEqual failed: (&quot;6&quot;) is not equal to (&quot;9&quot;) - three squared is nine (Tests/basics/failing-xctest/SquareTests.swift:6)">"#))
        #expect(xml.contains(#"<error type="crashed" message="CrashingTests crashed with signal SIGILL (4)"#))
        #expect(xml.contains(#"<error type="timed out" message="HangingTests timed out after 3 s"#))
        #expect(xml.contains(#"<error type="not run" message="the test did not run: EarlyExitTests ran 0 of its 2 tests"#))
        #expect(xml.contains("a greeting &lt;with&gt; &amp; markup"))
        // Times have at most three decimals.
        #expect(xml.range(of: #"time="[0-9]+\.[0-9]{4,}"#, options: .regularExpression) == nil)
    }

    @Test func junitReportOfEveryKindValidatesAlone() throws {
        // One report per verdict, so a problem in one kind of suite cannot hide in the mix.
        let outcome = try starters
        for result in outcome.results {
            var single = outcome
            single.results = [result]
            let path = MixedFixture.course.root + "/.build-grade/report-\(result.exerciseID).xml"
            try JUnitReport(outcome: single).write(to: path)
            let problems = try validateJUnit(path)
            #expect(problems == [], "report of \(result.exerciseID) (\(result.verdict))")
        }
    }

    @Test func solutionsPassWithTheSameSuites() throws {
        let outcome = try MixedFixture.solutions.get()
        #expect(outcome.plan.sources == .solutions)
        #expect(outcome.results.map(\.verdict) == Array(repeating: .passed, count: 9))
        #expect(outcome.exitCode == 0)
        let path = MixedFixture.course.root + "/.build-grade/report-solutions.xml"
        try JUnitReport(outcome: outcome).write(to: path)
        #expect(try validateJUnit(path) == [])
    }

    @Test func regradingAnEditedExerciseLeavesTheOthersAlone() throws {
        _ = try starters
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            defer { course.restore() }
            let ids = ["passing-xctest", "failing-xctest", "failing-testing"]
            let first = try course.grade(ids, useCache: true)
            #expect(first.results.map(\.verdict) == [.passed, .failed, .failed])

            let unchanged = try course.grade(ids, useCache: true)
            #expect(unchanged.results.allSatisfy { $0.fromCache })
            #expect(unchanged.results.map(\.verdict) == [.passed, .failed, .failed])

            try course.write("public func square(_ a: Int) -> Int { a * a }\n", to: "Exercises/basics/failing-xctest/Square.swift")
            let edited = try course.grade(ids, useCache: true)
            #expect(edited.results.map(\.fromCache) == [true, false, true])
            #expect(edited.results.map(\.verdict) == [.passed, .passed, .failed])
        }
    }

    @Test func chapterIDGradesItsExercises() throws {
        _ = try starters
        try fixtureLock.withLock { _ in
            let outcome = try MixedFixture.course.grade(["basics"], useCache: true)
            #expect(outcome.results.map(\.exerciseID) == ["passing-xctest", "passing-testing", "failing-xctest", "failing-testing"])
        }
    }

    @Test func gradeCommandExitCodes() throws {
        _ = try starters
        try fixtureLock.withLock { _ in
            let root = MixedFixture.course.root
            let passing = try runProgram(gradeExecutable, ["passing-xctest"], in: root, environment: ["NO_COLOR": "1"])
            #expect(passing.status == 0, "\(passing.output)")
            #expect(passing.output.contains("Score: 3/3 points, 1 of 1 exercises passed"))

            let junit = root + "/.build-grade/cli-report.xml"
            // Graded afresh: the exit status of a failing grade is the point here (the cache has
            // tests of its own). Once in CI this read a cached "passed" for the failing starter;
            // since then a result whose files changed during its run is not kept, and a test
            // that cannot put back the files it edited fails instead of leaving them edited.
            let failing = try runProgram(gradeExecutable, ["failing-xctest", "--junit", junit, "--no-cache"], in: root + "/Exercises")
            #expect(failing.status == 1, "\(failing.output)")
            #expect(failing.output.contains("JUnit report: \(junit)"))
            #expect(try validateJUnit(junit) == [])

            let unknown = try runProgram(gradeExecutable, ["failing-xtest"], in: root)
            #expect(unknown.status == 2)
            #expect(unknown.output == "error: no exercise or chapter 'failing-xtest' in the course; did you mean 'failing-xctest' or 'failing-testing' or 'passing-xctest'?\n")

            let badOption = try runProgram(gradeExecutable, ["--frobnicate"], in: root)
            #expect(badOption.status == 2)
            #expect(badOption.output.contains("Error: Unknown option '--frobnicate'"))

            let missingFolder = try runProgram(gradeExecutable, ["passing-xctest", "--junit", "/nonexistent-folder/report.xml"], in: root)
            #expect(missingFolder.status == 2)
            #expect(missingFolder.output.hasSuffix("error: cannot write the JUnit report to /nonexistent-folder/report.xml: the folder /nonexistent-folder does not exist\n"))
        }
    }

    @Test func suiteDeclaredWithTheWrongFrameworkOrWithoutTestsIsAnError() throws {
        let outcome = try starters
        let root = MixedFixture.course.root
        try fixtureLock.withLock { _ in
            // The binary the shared run built; it holds every exercise that compiled.
            let binary = root + "/.build-grade/starters/debug/FixtureCoursePackageTests.xctest"
            let listing = try runProgram(binary, ["--dump-tests-json"], in: root)
            let runner = SuiteRun(testBinary: binary, workingDirectory: root,
                                  eventsFolder: root + "/.build-grade/events",
                                  inventory: XCTestInventory(json: Array(listing.output.utf8)))
            var exercise = try #require(outcome.exercise("passing-testing"))

            exercise.suites = [Suite(target: "PassingTTests", path: "Tests/basics/passing-testing", framework: .xctest, visibility: .hidden)]
            let wrongFramework = try runner.grade(exercise)
            #expect(wrongFramework.verdict == .error)
            #expect(wrongFramework.problem == "suite PassingTTests contains no XCTest tests (is its framework swift-testing?)")

            exercise.suites = [Suite(target: "NoSuchTests", path: "Tests/basics/passing-testing", framework: .swiftTesting, visibility: .hidden)]
            let noTests = try runner.grade(exercise)
            #expect(noTests.verdict == .error)
            #expect(noTests.problem == "NoSuchTests ran no tests (exit status 69); expected the suite's tests to run")
            #expect(noTests.pointsEarned == 0)
        }
    }

}
