import Foundation
import Testing
@testable import Grading

/// `grade watch` in a pseudo-terminal, with a real file change, and without a terminal.
@Suite(.serialized) struct WatchTests {
    @Test func withoutATerminalItSaysSo() throws {
        let tiny = try TinyCourse()
        let run = try runProgram(gradeExecutable, ["watch"], in: tiny.root)
        #expect(run.status == 2)
        #expect(run.output == "error: grade watch needs a terminal: it reads single keys (n, h, l, r, q) and re-grades when you save. Here there is none; run `swift run grade <exercise>` instead.\n")
    }

    @Test func aStudentEditionGradedInCIOnlyHasNothingToWatch() throws {
        // A student edition whose only suite is hidden (the default) and not shipped.
        let edition = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(of: #"version="1.0.0">"#, with: #"version="1.0.0" edition="student">"#))
        try edition.remove("Tests/basics/adding")
        let terminal = try PseudoTerminal(gradeExecutable, ["watch"], in: edition.root, environment: [:])
        defer { terminal.stop() }
        try terminal.waitForLine(startingWith: "error: ")
        #expect(terminal.output.contains("error: the course has no exercise to grade here\r\n"), "\(terminal.output)")
        #expect(try terminal.waitForExit() == 2)
    }

    @Test func fileWatcherSeesContentChangesOnly() throws {
        let tiny = try TinyCourse()
        let file = tiny.root + "/Exercises/basics/adding/Add.swift"
        let watcher = FileWatcher(paths: [file])
        #expect(!watcher.changed())
        try tiny.write("Exercises/basics/adding/Add.swift", StarterHeader.tinyAdding + "public func add(_ a: Int, _ b: Int) -> Int { 0 }\n")
        #expect(!watcher.changed(), "saved without a change")
        try tiny.write("Exercises/basics/adding/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { a + b }\n")
        #expect(watcher.changed())
        #expect(!watcher.changed())
        try tiny.write("Exercises/basics/adding/.Add.swift.swp", "editor state\n")
        #expect(!watcher.changed(), "another file in the folder")
    }

    @Test func regradesOnSaveAndAnswersKeys() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            defer { course.restore() }
            try? FileManager.default.removeItem(atPath: course.root + "/.build-grade/progress.json")
            let terminal = try PseudoTerminal(gradeExecutable, ["watch"], in: course.root, environment: ["NO_COLOR": "1"])
            defer { terminal.stop() }

            // Starts at the first exercise that does not pass.
            try terminal.waitFor("Watching for saves.")
            #expect(terminal.output.contains("✘ failing-xctest  failed"))
            #expect(terminal.output.contains("Edit Exercises/basics/failing-xctest/Square.swift and save."))

            // A real save re-grades it.
            terminal.clear()
            try course.write("public func square(_ a: Int) -> Int { a * a }\n", to: "Exercises/basics/failing-xctest/Square.swift")
            try terminal.waitFor("Watching for saves.", timeout: 600)
            #expect(terminal.output.contains("✔ failing-xctest  passed"))
            #expect(terminal.output.contains("failing-xctest passes. Press n for the next exercise."))

            terminal.clear()
            terminal.type("h")
            try terminal.waitFor("(run `swift run grade hint failing-xctest` again for the next hint)")
            #expect(terminal.output.contains("Hint 1 of 2 for failing-xctest: Squaring multiplies a number by itself."))

            terminal.clear()
            terminal.type("l")
            try terminal.waitFor("Progress: ")
            #expect(terminal.output.contains("Basics  3/4 done, 12/17 points"))

            // Moves on only when asked: the next exercise that does not pass.
            terminal.clear()
            terminal.type("n")
            try terminal.waitFor("Watching for saves.")
            #expect(terminal.output.contains("✘ failing-testing  failed"))
            #expect(ProgressState.load(stateFolder: course.root + "/.build-grade").current == "failing-testing")

            terminal.clear()
            terminal.type("q")
            try terminal.waitFor("Bye.")
            #expect(try terminal.waitForExit() == 0)
        }
    }
}
