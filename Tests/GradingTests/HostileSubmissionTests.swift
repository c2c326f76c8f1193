import Foundation
import Testing
@testable import Grading

/// Hostile submissions (the `hostile` fixture): each is contained and reported for its own
/// exercise, and the decent one in the same run is graded normally.
@Suite struct HostileSubmissionTests {
    static var starters: Result<GradingOutcome, any Error> { HostileFixture.starters }

    @Test func aFastForkBombIsHeldToItsLimit() throws {
        let outcome = try Self.starters.get()
        let forks = try outcome.result("fork-bomb")
        #expect(forks.verdict == .crashed)
        let problem = forks.problem ?? ""
        #expect(problem.contains(", reaching the limit of 1024 (a fork or thread bomb?); they were all killed"), "\(problem)")
        // "ForkBombTests started N processes and threads": at most twice the limit.
        let count = try #require(Int(problem.split(separator: " ")[2]), "\(problem)")
        #expect(count >= 1000 && count <= 2048, "\(problem)")
        // Under the lock: no other test runs the fixture's binary meanwhile.
        #expect(fixtureLock.withLock { _ in liveProcesses(containing: "ForkBombTests.") }.isEmpty, "a process of the bomb is left")
        let threads = try outcome.result("thread-bomb")
        #expect(threads.verdict == .crashed, "stopped by the grader's count or by the address-space limit: \(threads.problem ?? "")")
    }

    /// Out of memory and the fork limit in Chinese: the grader's words translated, the suite's
    /// and tests' names and the figures as they are.
    @Test func aMemoryBombAndAForkBombInChinese() throws {
        let outcome = try Self.starters.get()
        let limit = ResourceLimits().memoryBytes >> 20
        let hog = try outcome.result("hog").problem(in: .zh) ?? ""
        #expect(hog.hasPrefix("HogTests 内存不足（当时正在运行 HogTests.AnswerTests/testAnswer）：用了 "), "\(hog)")
        #expect(hog.hasSuffix(" MiB，达到了测试及它启动的一切合计 \(limit) MiB 的上限；它们全都被杀死了"), "\(hog)")
        let forks = try outcome.result("fork-bomb").problem(in: .zh) ?? ""
        #expect(forks.hasPrefix("ForkBombTests 启动了 "), "\(forks)")
        #expect(forks.hasSuffix("，达到了 1024 个的上限（是 fork 炸弹还是线程炸弹？）；它们全都被杀死了"), "\(forks)")
    }

    @Test func floodIsCappedLineByLine() throws {
        let result = try Self.starters.get().result("flood")
        #expect(result.verdict == .failed)
        #expect(result.outputTail.split(separator: "\n").allSatisfy { $0.count <= 310 })
        #expect(result.outputTail.contains("[...] xxx"))
    }

    @Test func aHugeFileIsStopped() throws {
        let result = try Self.starters.get().result("big-file")
        #expect(result.verdict == .crashed)
        #expect(result.problem?.contains("wrote a file larger than 256 MiB") == true, "\(result.problem ?? "")")
    }

    @Test(arguments: [("hog", "HogTests ran out of memory while running HogTests.AnswerTests/testAnswer: it used "),
                      ("sanitizer-hog", "SanitizerHogTests ran out of memory in its ThreadSanitizer build while running "
                                        + "SanitizerHogTests.theAnswer()/theAnswer() (perturbation seed ")])
    func aMemoryBombGetsAVerdictOfItsOwn(exercise: String, start: String) throws {
        let result = try Self.starters.get().result(exercise)
        let problem = result.problem ?? ""
        #expect(result.verdict == .outOfMemory, "\(result.verdict) \(problem)")
        #expect(problem.hasPrefix(start), "\(problem)")
        // "...: it used N MiB, reaching the limit of L MiB for the test and everything it started; ..."
        let limit = ResourceLimits().memoryBytes >> 20
        #expect(problem.hasSuffix(" MiB, reaching the limit of \(limit) MiB for the test and everything it started; they were all killed"), "\(problem)")
        let reached = problem.components(separatedBy: ": it used ").last.flatMap { Int($0.prefix { $0.isNumber }) }
        // Stopped at the limit, long before the bomb's own end (8 GiB) or the machine's.
        #expect(reached.map { $0 >= limit * 9 / 10 && $0 <= limit * 2 } == true, "\(problem)")
        // Its test's arguments: "HogTests.AnswerTests" (XCTest), "^SanitizerHogTests\\." (a filter).
        let mark = exercise == "hog" ? "HogTests.AnswerTests" : "SanitizerHogTests"
        #expect(fixtureLock.withLock { _ in liveProcesses(containing: mark) }.isEmpty, "a process of the bomb is left")
    }

    /// setsid plus exec of a shell with an empty environment (no run token), and the classic
    /// double fork with a group and a name of its own: each wrote its pid once it ran, and would
    /// write a second file two seconds later if it were still alive. The pid is the one of the
    /// run's namespace, so what is left is looked for by what the process carries: the shell's
    /// script names its late file, the grandchild has its test's command line.
    @Test(arguments: ["escapee", "double-fork"])
    func escapedDescendantsEndWithTheirTest(exercise: String) throws {
        let result = try Self.starters.get().result(exercise)
        #expect(result.verdict == .passed, "\(result.problem ?? "")")
        #expect(FileManager.default.fileExists(atPath: HostileFixture.scratch("\(exercise).pid")), "the descendant never ran")
        let mark = exercise == "escapee" ? HostileFixture.scratch("escapee.late") : "DoubleForkTests.AnswerTests"
        let left = fixtureLock.withLock { _ in liveProcesses(containing: mark) }
        #expect(left.isEmpty, "the escaped descendant outlived the run: \(left)")
        // No file written after the run: wait until the escapee's two seconds passed.
        let wrote = HostileFixture.ended.withLock { $0 } + .milliseconds(2500)
        if wrote > .now { Thread.sleep(forTimeInterval: (wrote - .now).seconds) }
        #expect(!FileManager.default.fileExists(atPath: HostileFixture.scratch("\(exercise).late")))
    }

    @Test func theDecentExerciseIsGradedNormally() throws {
        #expect(try Self.starters.get().result("decent").verdict == .passed)
    }

    @Test func readingStandardInputEndsAtOnce() throws {
        let result = try Self.starters.get().result("stdin-reader")
        // Standard input is /dev/null: the read sees its end, the answer is wrong, no timeout.
        #expect(result.verdict == .failed)
        #expect(result.duration < 5, "the timeout is 10 s: \(result.duration)")
    }

    @Test func aChildSleepingForeverIsKilledAndNotWaitedFor() throws {
        let result = try Self.starters.get().result("sleeper")
        #expect(result.verdict == .passed, "\(result.problem ?? "")")
        #expect(result.duration < 5, "the timeout is 10 s: \(result.duration)")
        #expect(FileManager.default.fileExists(atPath: HostileFixture.scratch("sleeper.pid")), "the sleeping child never ran")
        let left = fixtureLock.withLock { _ in liveProcesses(containing: "SleeperTests.AnswerTests") }
        #expect(left.isEmpty, "the sleeping child outlived the run: \(left)")
    }

    @Test func exitWithStatusZeroAfterAPassingTestIsAnError() throws {
        let xctest = try Self.starters.get().result("quitter")
        #expect(xctest.verdict == .error)
        #expect(xctest.problem == "QuitterTests ran 1 of its 2 tests (exit status 0); the test process ended early")
        #expect(xctest.tests.map(\.outcome) == [.passed, .interrupted])
        #expect(xctest.pointsEarned == 0)

        let testing = try Self.starters.get().result("quitter-testing")
        #expect(testing.verdict == .error)
        #expect(testing.problem == "QuitterTestingTests ran 1 of its 2 tests (exit status 0); the test process ended early")
        #expect(testing.pointsEarned == 0)
    }

    @Test func printingWhatARunnerPrintsChangesNothing() throws {
        let result = try Self.starters.get().result("imitator")
        #expect(result.verdict == .failed)
        #expect(result.outputTail.contains("✔ Test run with 1 test passed after 0.001 seconds."))
        #expect(result.outputTail.contains("Test Case 'AnswerTests.testAnswer' passed"))
    }

    @Test func forgedXCTestRecordsMakeAnError() throws {
        let result = try Self.starters.get().result("forged-xctest")
        #expect(result.verdict == .error)
        #expect(result.problem == "ForgedXCTestTests's results cannot be trusted: a record for AnswerTests.testBonus, which the suite does not contain; a failure of AnswerTests.testAnswer recorded while it was not running; AnswerTests.testAnswer ended twice (results are written inside the test process, where the submission's code runs)")
    }

    @Test func anEventStreamSwappedForALinkIsNotFollowed() throws {
        let result = try Self.starters.get().result("forged-link")
        #expect(result.verdict == .error)
        #expect(result.problem == "ForgedLinkTests's results cannot be trusted: events.jsonl was replaced by a symbolic link (results are written inside the test process, where the submission's code runs)")
    }

    @Test func signalsToItsOwnGroupEndOnlyTheTest() throws {
        let outcome = try Self.starters.get()
        let result = try outcome.result("signaller")
        #expect(result.verdict == .crashed)
        #expect(result.problem == "SignallerTests crashed with signal SIGTERM (15) while running SignallerTests.theAnswer()/theAnswer()")
        // The grader went on: every exercise after it has a verdict of its own.
        #expect(try outcome.result("wanderer").verdict == .passed)
    }

    @Test func changingDirectoryAndEnvironmentDoesNotDisturbTheRun() throws {
        let result = try Self.starters.get().result("wanderer")
        #expect(result.verdict == .passed, "\(result.problem ?? "")")
        #expect(result.tests.map(\.outcome) == [.passed, .passed])
    }

    @Test func editingTheGradersFilesIsAnErrorAndUndone() throws {
        let outcome = try Self.starters.get()
        let result = try outcome.result("vandal")
        if HostileFixture.runsHadNamespaces {
            // The course is read-only for the test: every edit failed, there is nothing to undo.
            #expect(result.verdict == .passed, "\(result.problem ?? "")")
        } else {
            #expect(result.verdict == .error)
            #expect(result.problem == "the tests of vandal changed files the grader depends on while they ran: .build-grade/results/starters/decent.json, Tests/hostile/decent/DecentTests.swift, Tests/hostile/vandal/VandalTests.swift; they were put back as they were")
        }
        let root = HostileFixture.course.root
        for suite in ["Tests/hostile/decent/DecentTests.swift", "Tests/hostile/vandal/VandalTests.swift"] {
            #expect(try String(contentsOfFile: root + "/" + suite, encoding: .utf8) == HostileFixture.original(suite))
        }
        // The cache entry is the grader's, written after the runs.
        let entry = try String(contentsOfFile: root + "/.build-grade/results/starters/decent.json", encoding: .utf8)
        #expect(!entry.contains("forged") && entry.contains(#""verdict":"passed""#), "\(entry)")
        #expect(try outcome.result("decent").verdict == .passed)
    }

    @Test func aReplacedTestBinaryIsBuiltAgainBeforeTheNextExercise() throws {
        let outcome = try Self.starters.get()
        let result = try outcome.result("swapper")
        let binary = ".build-grade/starters/debug/HostileFixturePackageTests.xctest"
        if HostileFixture.runsHadNamespaces {
            // The build is read-only for the test: the binary could not be replaced.
            #expect(result.verdict == .passed, "\(result.problem ?? "")")
        } else {
            #expect(result.verdict == .error)
            #expect(result.problem == "the tests of swapper changed files the grader depends on while they ran: \(binary); they were put back as they were")
        }
        // The exercises after it ran the binary the grader built, not the swapper's script.
        #expect(try outcome.result("wanderer").verdict == .passed)
        let head = FileManager.default.contents(atPath: HostileFixture.course.root + "/" + binary)?.prefix(4)
        #expect(head.map(Array.init) == [0x7F, 0x45, 0x4C, 0x46], "an ELF binary again")
    }

    @Test func theJUnitReportOfTheWholeRunIsValid() throws {
        let outcome = try Self.starters.get()
        let path = HostileFixture.course.root + "/.build-grade/report-hostile.xml"
        try JUnitReport(outcome: outcome).write(to: path)
        #expect(try validateJUnit(path) == [])
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testsuite ").count - 1 == outcome.results.count)
    }
}
