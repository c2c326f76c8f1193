import Foundation
import Synchronization
import Testing
@testable import Grading

/// What a student meets first: the exercise they are on graded before the rest of the course,
/// a report that fits a screen, and no code left from an older version of the course's shared
/// sources.
@Suite(.serialized) struct FirstRunTests {
    private static func mixedCourse() throws -> Course {
        _ = try MixedFixture.starters.get()
        return try ManifestReader(root: MixedFixture.course.root).read()
    }

    @Test func theFocusIsWhereTheStudentLeftOffWhileItDoesNotPass() throws {
        let exercises = try Self.mixedCourse().exercises
        let ids = exercises.map(\.id)
        #expect(ids.prefix(3) == ["passing-xctest", "passing-testing", "failing-xctest"])
        func focus(_ current: String?, _ verdicts: [String: ExerciseResult.Verdict]) -> String? {
            FocusExercise.choose(in: exercises, leftOffAt: current) { verdicts[$0] }?.id
        }
        #expect(focus(nil, [:]) == "passing-xctest", "nothing graded yet: the first exercise")
        #expect(focus(nil, ["passing-xctest": .passed, "passing-testing": .passed]) == "failing-xctest")
        #expect(focus("failing-testing", [:]) == "failing-testing", "where the student left off")
        #expect(focus("passing-testing", ["passing-testing": .passed, "failing-xctest": .passed]) == "failing-testing",
                "left off at one that passes now: the next one after it that does not")
        #expect(focus("nonexistent", ["passing-xctest": .passed]) == "passing-testing")
        let allPassed = Dictionary(uniqueKeysWithValues: ids.map { ($0, ExerciseResult.Verdict.passed) })
        #expect(focus("failing-xctest", allPassed) == nil)
    }

    /// One line per exercise, each chapter's progress, the details of the exercise in focus
    /// only, and how to see the others'.
    @Test func theDefaultReportDetailsTheFocusOnly() throws {
        var outcome = try MixedFixture.starters.get()
        outcome.focus = "failing-xctest"
        let text = TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: MixedFixture.course.root, details: .focus).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for result in outcome.results {
            let mentions = lines.filter { $0.contains(" \(result.exerciseID) ") }
            #expect(mentions.count == (result.exerciseID == "failing-xctest" ? 2 : 1), "\(result.exerciseID): \(mentions)")
        }
        #expect(lines.contains("Basics  2/4 passed, 7/17 points"))
        #expect(text.contains("Now: failing-xctest — Failing XCTest (edit Exercises/basics/failing-xctest/Square.swift)"))
        #expect(text.contains("XCTAssertEqual failed: (\"6\") is not equal to (\"9\") - three squared is nine"))
        #expect(text.contains("hint: Squaring multiplies a number by itself."))
        #expect(!text.contains("last output:"), "no other exercise's details (the crashing ones print)")
        #expect(text.contains("Another exercise's details: swift run grade <id>; everyone's: swift run grade --verbose"))
        let chapters = outcome.course.chapters.count
        #expect(lines.count <= outcome.results.count + chapters + 12, "fits a screen:\n\(text)")
    }

    /// On a fresh copy (nothing built) the exercise in focus is built alone and its verdict
    /// printed before the rest of the course is graded.
    @Test func theFocusVerdictComesBeforeTheRestOfTheCourse() throws {
        let course = FixtureCourse("mixed", copy: "mixed-first-run")
        try fixtureLock.withLock { _ in
            try course.prepare()
            try? FileManager.default.removeItem(atPath: StateFolder.of(course.root))
            let terminal = try PseudoTerminal(gradeExecutable, [], in: course.root,
                                              environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
            defer { terminal.stop() }
            try terminal.waitForLine(startingWith: "Score: ", timeout: 900)
            _ = try terminal.waitForExit(timeout: 60)
            let output = terminal.output.replacingOccurrences(of: "\r\n", with: "\n")
            let early = try #require(output.range(of: "Now: passing-xctest — Passing XCTest"))
            let rest = try #require(output.range(of: "Grading the rest of the course..."))
            let table = try #require(output.range(of: "  ✘ hanging "))
            #expect(early.lowerBound < rest.lowerBound && rest.lowerBound < table.lowerBound)
        }
    }

    /// A course update that changes the shared sources (the runtime, the suites' helpers)
    /// rebuilds every exercise from scratch: SwiftPM's incremental build once kept suites
    /// compiled against an older runtime type. Here a change SwiftPM alone would not recompile
    /// the suites for (a comment in the XCTest observer they link) still recompiles them; a
    /// change to the grader's own sources does not.
    @Test func changedSharedSourcesRebuildEverythingFromScratch() throws {
        let course = FixtureCourse("mixed", copy: "mixed-shared-change")
        try fixtureLock.withLock { _ in
            try course.prepare()
            let messages = Messages()
            func grade() throws -> GradingOutcome {
                var options = Grader.Options(root: course.root, ids: ["passing-xctest"])
                options.useCache = false
                return try Grader(options: options) { messages.append($0) }.run()
            }
            #expect(try grade().results.map(\.verdict) == [.passed])
            let object = try #require(Self.objectFile(of: "PassingXTests", in: course.root))
            let before = try Self.modificationDate(object)
            let told = messages.all.count  // the first run may rebuild: an earlier test run left other sources
            #expect(try grade().results.map(\.verdict) == [.passed])
            #expect(try Self.modificationDate(object) == before, "nothing changed: nothing recompiled")
            #expect(!messages.all.dropFirst(told).contains { $0.contains("shared sources changed") })

            // A change in what only the grader builds leaves the exercises' builds alone.
            try FileManager.default.createDirectory(atPath: course.root + "/Sources/Grading", withIntermediateDirectories: true)
            try course.write("// a grader update\n", to: "Sources/Grading/GraderUpdate.swift")
            #expect(try grade().results.map(\.verdict) == [.passed])
            #expect(try Self.modificationDate(object) == before, "a change to the grader only: nothing recompiled")
            #expect(!messages.all.dropFirst(told).contains { $0.contains("shared sources changed") })

            let observer = "Sources/GradingSupport/GradingXCTestObserver/XCTestEventObserver.swift"
            let text = try String(contentsOfFile: course.root + "/" + observer, encoding: .utf8)
            try course.write(text + "// a course update\n", to: observer)
            #expect(try grade().results.map(\.verdict) == [.passed])
            #expect(try Self.modificationDate(object) > before, "the suite was compiled again")
            #expect(messages.all.contains("the course's shared sources changed: building everything again"))
        }
    }

    private static func objectFile(of target: String, in root: String) -> String? {
        let scratch = StateFolder.of(root) + "/starters"
        let files = FileManager.default.subpaths(atPath: scratch) ?? []
        return files.first { $0.contains("/debug/\(target).build/") && $0.hasSuffix(".o") }.map { scratch + "/" + $0 }
    }

    private static func modificationDate(_ path: String) throws -> Date {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }
}

/// What a grader's progress callback was told, in order.
private final class Messages: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
