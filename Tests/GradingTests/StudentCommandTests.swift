import Foundation
import Testing
@testable import Grading

/// hint and reset on a tiny course (no build), and the state file.
@Suite struct HintAndResetTests {
    static let hintedXML = TinyCourse.validXML.replacingOccurrences(
        of: "    </exercise>", with: "      <hint>Add them.</hint>\n      <hint>Use `a + b`.</hint>\n    </exercise>")

    @Test func hintsComeOneLevelAtATime() throws {
        let exercise = try #require(try TinyCourse(courseXML: Self.hintedXML).course().exercises.first)
        var state = ProgressState()
        #expect(try Hints.reveal(exercise, state: &state) == """
            Hint 1 of 2 for adding: Add them.
            (run `swift run grade hint adding` again for the next hint)

            """)
        #expect(try Hints.reveal(exercise, state: &state) == """
            Hint 1 of 2 for adding: Add them.
            Hint 2 of 2 for adding: Use `a + b`.
            (that was the last hint)

            """)
        #expect(try Hints.reveal(exercise, state: &state).hasSuffix("(no more hints: all 2 are shown above)\n"))
        #expect(state.hintsShown == ["adding": 2])
    }

    @Test func exerciseWithoutHintsSaysSo() throws {
        let exercise = try #require(try TinyCourse().course().exercises.first)
        var state = ProgressState()
        #expect(throws: GradingError("exercise 'adding' has no hints; ask your instructor, or read the lesson again")) {
            try Hints.reveal(exercise, state: &state)
        }
    }

    @Test func progressThatCannotBeSavedSaysWhere() throws {
        // A regular file where the state folder should be: the folder cannot be made.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("progress-file-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let folder = file + "/state"
        do {
            try ProgressState().save(stateFolder: folder)
            Issue.record("saving into \(folder) should fail")
        } catch {
            #expect(error.description.hasPrefix("error: cannot save the progress to \(folder)/progress.json: "), "\(error)")
        }
    }

    @Test func stateIsSavedAndLoaded() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)").path
        #expect(ProgressState.load(stateFolder: folder) == ProgressState())
        var state = ProgressState()
        state.hintsShown["adding"] = 1
        state.current = "adding"
        try state.save(stateFolder: folder)
        #expect(ProgressState.load(stateFolder: folder) == state)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: ProgressState.path(stateFolder: folder)))
        #expect(ProgressState.load(stateFolder: folder) == ProgressState(), "a damaged file starts afresh")
    }

    @Test func hintCommandRemembersTheLevel() throws {
        let tiny = try TinyCourse(courseXML: Self.hintedXML)
        let first = try runProgram(gradeExecutable, ["hint", "adding"], in: tiny.root)
        #expect(first.status == 0)
        #expect(first.output.hasPrefix("Hint 1 of 2 for adding: Add them.\n(run"))
        let second = try runProgram(gradeExecutable, ["hint", "adding", "--package-path", tiny.root], in: "/")
        #expect(second.output.contains("Hint 2 of 2 for adding: Use `a + b`.\n(that was the last hint)"))
        #expect(FileManager.default.fileExists(atPath: tiny.root + "/.build-grade/progress.json"))
    }

    @Test func hintCommandErrors() throws {
        let tiny = try TinyCourse()
        let none = try runProgram(gradeExecutable, ["hint", "adding"], in: tiny.root)
        #expect(none.status == 2)
        #expect(none.output == "error: exercise 'adding' has no hints; ask your instructor, or read the lesson again\n")
        let chapter = try runProgram(gradeExecutable, ["hint", "basics"], in: tiny.root)
        #expect(chapter.status == 2)
        #expect(chapter.output == "error: 'basics' is a chapter; grade hint takes an exercise id, one of: adding\n")
        let typo = try runProgram(gradeExecutable, ["hint", "addin"], in: tiny.root)
        #expect(typo.status == 2)
        #expect(typo.output == "error: no exercise or chapter 'addin' in the course; did you mean 'adding'?\n")
    }

    /// A tiny course committed to git, with the starter and the solution edited since.
    private func editedGitCourse() throws -> TinyCourse {
        let tiny = try TinyCourse()
        for arguments in [["init", "-q"], ["add", "."], ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "course"]] {
            let git = try runProgram("git", arguments, in: tiny.root)
            #expect(git.status == 0, "\(git.output)")
        }
        try tiny.write("Exercises/basics/adding/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { a * b }\n")
        try tiny.write("Solutions/basics/adding/Add.swift", "// edited\n")
        return tiny
    }

    @Test func resetRestoresTheStarterFromGitAndNothingElse() throws {
        let tiny = try editedGitCourse()
        let exercise = try #require(try tiny.course().exercises.first)
        let reset = StarterReset(root: tiny.root)
        #expect(try reset.changedFiles(of: exercise) == ["Exercises/basics/adding/Add.swift"])
        #expect(try reset.reset(exercise) == ["Exercises/basics/adding/Add.swift"])
        #expect(try String(contentsOfFile: tiny.root + "/Exercises/basics/adding/Add.swift", encoding: .utf8) == StarterHeader.tinyAdding + "public func add(_ a: Int, _ b: Int) -> Int { 0 }\n")
        #expect(try String(contentsOfFile: tiny.root + "/Solutions/basics/adding/Add.swift", encoding: .utf8) == "// edited\n")
        #expect(try reset.changedFiles(of: exercise) == [])
    }

    @Test func resetPrefersTheEditionsOriginalOverGit() throws {
        let tiny = try editedGitCourse()
        try tiny.write(".course/starters/Exercises/basics/adding/Add.swift", "// the published starter\n")
        let exercise = try #require(try tiny.course().exercises.first)
        try StarterReset(root: tiny.root).reset(exercise)
        #expect(try String(contentsOfFile: tiny.root + "/Exercises/basics/adding/Add.swift", encoding: .utf8) == "// the published starter\n")
    }

    @Test func resetWithoutAnOriginalSaysWhy() throws {
        let tiny = try TinyCourse()
        let exercise = try #require(try tiny.course().exercises.first)
        #expect(throws: GradingError("cannot reset exercise 'adding': Exercises/basics/adding/Add.swift has no original (it is not committed in git and there is no .course/starters/Exercises/basics/adding/Add.swift)")) {
            try StarterReset(root: tiny.root).reset(exercise)
        }
        #expect(throws: GradingError(Problem("无法重置练习 'adding'：Exercises/basics/adding/Add.swift 没有原始版本（它没有提交到 git，也没有 .course/starters/Exercises/basics/adding/Add.swift）", label: "错误："))) {
            try StarterReset(root: tiny.root, language: .zh).reset(exercise)
        }
    }

    @Test func resetCommandAsksFirst() throws {
        let tiny = try editedGitCourse()
        // Standard input is /dev/null here: no answer is no.
        let unconfirmed = try runProgram(gradeExecutable, ["reset", "adding"], in: tiny.root)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.output == """
            This replaces Exercises/basics/adding/Add.swift with the starter; your changes to it are lost.
            Reset exercise 'adding'? [y/N] 
            Not reset: no answer (no terminal?); pass --yes to reset without asking.

            """)
        #expect(try String(contentsOfFile: tiny.root + "/Exercises/basics/adding/Add.swift", encoding: .utf8).contains("a * b"))

        let confirmed = try runProgram(gradeExecutable, ["reset", "adding", "--yes"], in: tiny.root)
        #expect(confirmed.status == 0)
        #expect(confirmed.output == "reset Exercises/basics/adding/Add.swift\n")
        let again = try runProgram(gradeExecutable, ["reset", "adding"], in: tiny.root)
        #expect(again.status == 0)
        #expect(again.output == "Exercise 'adding' is already as given: nothing to reset.\n")
    }

    @Test func resetCommandInChinese() throws {
        let tiny = try editedGitCourse()
        let unconfirmed = try runProgram(gradeExecutable, ["reset", "adding"], in: tiny.root, environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.output == """
            这会用起始代码替换 Exercises/basics/adding/Add.swift；你对它的修改会丢失。
            重置练习 'adding' 吗？[y/N] 
            没有重置：没有得到回答（没有终端？）；加上 --yes 可以不经询问直接重置。

            """)
        let confirmed = try runProgram(gradeExecutable, ["reset", "adding", "--yes", "--lang", "zh"], in: tiny.root)
        #expect(confirmed.output == "已重置 Exercises/basics/adding/Add.swift\n")
        let again = try runProgram(gradeExecutable, ["reset", "adding", "--lang", "zh"], in: tiny.root)
        #expect(again.output == "练习 'adding' 还是原来的样子：没有什么要重置的。\n")
    }
}

/// list and next on the mixed fixture (graded once, then from the cache).
@Suite(.serialized) struct ListAndNextTests {
    @Test func listShowsProgressPerChapter() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let run = try runProgram(gradeExecutable, ["list"], in: MixedFixture.course.root, environment: ["NO_COLOR": "1"])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.hasPrefix("Fixture course 1.0.0\n\nBasics  2/4 done, 7/17 points\n"))
            #expect(run.output.contains("  ✔ passing-xctest   done     3/3  Passing XCTest\n"))
            #expect(run.output.contains("  · failing-xctest   pending  0/5  Failing XCTest\n"))
            #expect(run.output.contains("\nTrouble  0/5 done, 0/10 points\n"))
            #expect(run.output.hasSuffix("\nProgress: 2 of 9 exercises done, 7/27 points\nNext: failing-xctest (Exercises/basics/failing-xctest/Square.swift)\n"))
        }
    }

    @Test func nextNamesTheFirstExerciseThatDoesNotPassNow() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let run = try runProgram(gradeExecutable, ["next"], in: MixedFixture.course.root)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output == """
                Next: failing-xctest, Failing XCTest (chapter Basics, 5 points)
                  edit:  Exercises/basics/failing-xctest/Square.swift
                  read:  Exercises/basics/lesson.md
                  now:   FailingXTests.SquareTests/testThree failed: XCTAssertEqual failed: ("6") is not equal to ("9") - three squared is nine at Tests/basics/failing-xctest/SquareTests.swift:6
                  check: swift run grade failing-xctest
                  stuck? swift run grade hint failing-xctest

                """)
        }
    }

    /// The same with `--lang zh`: Chinese words, columns kept (the fixture course has no
    /// Chinese titles, so its own are shown).
    @Test func nextAndListInChinese() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let next = try runProgram(gradeExecutable, ["next", "--lang", "zh"], in: MixedFixture.course.root)
            #expect(next.status == 0, "\(next.output)")
            #expect(next.output == """
                下一个：failing-xctest，Failing XCTest（Basics，5 分）
                  编辑：   Exercises/basics/failing-xctest/Square.swift
                  阅读：   Exercises/basics/lesson.md
                  现状：   FailingXTests.SquareTests/testThree 未通过：XCTAssertEqual failed: ("6") is not equal to ("9") - three squared is nine（位置：Tests/basics/failing-xctest/SquareTests.swift:6）
                  检查：   swift run grade failing-xctest --lang zh
                  卡住了？ swift run grade hint failing-xctest --lang zh

                """)
            let list = try runProgram(gradeExecutable, ["list"], in: MixedFixture.course.root, environment: ["NO_COLOR": "1", "LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
            #expect(list.output.hasPrefix("Fixture course 1.0.0\n\nBasics  完成 2/4，7/17 分\n"))
            #expect(list.output.contains("  ✔ passing-xctest   完成     3/3  Passing XCTest\n"))
            #expect(list.output.contains("  · failing-xctest   未完成   0/5  Failing XCTest\n"))
            #expect(list.output.hasSuffix("\n进度：9 个练习中完成 2 个，7/27 分\n下一个：failing-xctest（Exercises/basics/failing-xctest/Square.swift）\n"))
        }
    }

    @Test func doneIsRecomputedNotRemembered() throws {
        let outcome = try MixedFixture.starters.get()
        var progress = CourseProgress(outcome: outcome)
        #expect(progress.isDone("passing-xctest"))
        #expect(progress.next?.id == "failing-xctest")
        // The same exercise failing in a later run is pending again.
        progress.outcome.results[0].verdict = .failed
        #expect(!progress.isDone("passing-xctest"))
        #expect(progress.next?.id == "passing-xctest")
    }
}
