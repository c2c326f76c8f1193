import Foundation
import Testing
@testable import Grading

/// What the built `grade` prints depending on where its output goes: a pipe (logs, CI), a
/// terminal (a pseudo-terminal, as a student's), a terminal with `NO_COLOR`, a dumb terminal,
/// a narrow terminal. The two exercises come from the result cache, so each run takes well
/// under a second.
@Suite(.serialized) struct TerminalOutputTests {
    static let ids = ["passing-xctest", "failing-xctest"]
    /// NO_COLOR="" counts as unset (no-color.org), so the tests do not depend on the caller's.
    static let colourTerminal = ["NO_COLOR": "", "TERM": "xterm-256color"]

    /// The plain report of `ids`, with times shown as "T".
    static let plainReport = """
        Fixture course 1.0.0 (grading the starters)

        Basics  1/2 passed, 3/8 points
          ✔ passing-xctest  passed           3/3  T  (unchanged)
          ✘ failing-xctest  failed           0/5  T  (unchanged)
              FailingXTests.SquareTests/testThree: XCTAssertEqual failed: ("6") is not equal to ("9") - three squared is nine
                at Tests/basics/failing-xctest/SquareTests.swift:6
              hint: Squaring multiplies a number by itself.

        Score: 3/8 points, 1 of 2 exercises passed (T)

        """

    @Test func pipedOutputHasNoEscapesAndNoProgressLine() throws {
        _ = try MixedFixture.starters.get()
        let run = try fixtureLock.withLock { _ in
            try Self.warmCache()
            return try runProgram(gradeExecutable, Self.ids, in: MixedFixture.course.root, environment: Self.colourTerminal)
        }
        #expect(run.status == 1)
        #expect(!run.output.contains("\u{1B}"), "no escape sequence at all")
        #expect(!run.output.contains("\r"), "no carriage return: no progress line")
        #expect(withoutTimes(run.output) == Self.plainReport)
    }

    @Test func terminalGetsColoursAndAProgressLine() throws {
        _ = try MixedFixture.starters.get()
        let output = try runOnTerminal(["passing-xctest", "--no-cache"], environment: Self.colourTerminal)
        // Each update returns to the start of the line and erases it; the last one is erased
        // before the report, so the report starts on a clean line.
        #expect(output.hasPrefix("\r\u{1B}[Kgrade: reading course.xml…\r\u{1B}[Kgrade: building 1 of "))
        #expect(output.contains("\r\u{1B}[Kgrade: [1/1] running passing-xctest…\r\u{1B}[K\u{1B}[1mFixture course 1.0.0\u{1B}[0m\u{1B}[2m (grading the starters)\u{1B}[0m\n"))
        #expect(output.contains("\n\u{1B}[1mBasics\u{1B}[0m\u{1B}[2m  1/1 passed, 3/3 points\u{1B}[0m\n"))
        #expect(output.contains("  \u{1B}[32m✔\u{1B}[0m passing-xctest  \u{1B}[32mpassed       \u{1B}[0m    3/3  "))
        #expect(output.contains("\u{1B}[1m\u{1B}[32mScore: 3/3 points, 1 of 1 exercises passed\u{1B}[0m\u{1B}[0m\u{1B}[2m ("))
    }

    @Test func failuresAreRedAndTheHintYellowOnATerminal() throws {
        _ = try MixedFixture.starters.get()
        let output = try runOnTerminal(["failing-xctest"], environment: Self.colourTerminal)
        #expect(output.contains("  \u{1B}[31m✘\u{1B}[0m failing-xctest  \u{1B}[31mfailed       \u{1B}[0m    0/5  "))
        #expect(output.contains("\u{1B}[2m  (unchanged)\u{1B}[0m\n"))
        #expect(output.contains("      \u{1B}[31mFailingXTests.SquareTests/testThree\u{1B}[0m: XCTAssertEqual failed"))
        #expect(output.contains("      \u{1B}[33mhint: \u{1B}[0mSquaring multiplies a number by itself.\n"))
        #expect(output.contains("\u{1B}[1mScore: 0/5 points, 0 of 1 exercises passed\u{1B}[0m"))
    }

    @Test func noColorOnATerminalKeepsTheProgressLineButNoColours() throws {
        _ = try MixedFixture.starters.get()
        let output = try runOnTerminal(Self.ids, environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
        #expect(output.hasPrefix("\r\u{1B}[Kgrade: reading course.xml…\r\u{1B}[KFixture course 1.0.0"))
        let report = output.replacingOccurrences(of: "\r\u{1B}[K", with: "")
        #expect(!report.contains("\u{1B}"), "no colour escape sequence")
        #expect(withoutTimes(report.replacingOccurrences(of: "grade: reading course.xml…", with: "")) == Self.plainReport)
    }

    @Test func dumbTerminalGetsNeitherColoursNorAProgressLine() throws {
        _ = try MixedFixture.starters.get()
        let output = try runOnTerminal(Self.ids, environment: ["NO_COLOR": "", "TERM": "dumb"])
        #expect(!output.contains("\u{1B}"), "a dumb terminal would print escape sequences as text")
        #expect(!output.contains("\r"), "no progress line")
        #expect(withoutTimes(output) == Self.plainReport)
    }

    @Test func progressLineIsCutToTheTerminalsWidth() throws {
        _ = try MixedFixture.starters.get()
        // 24 columns, one kept free: "grade: reading course.xml…" (26) does not fit and would
        // wrap, and "\r" could then erase only its last row.
        let output = try runOnTerminal(Self.ids, environment: Self.colourTerminal, columns: 24)
        #expect(output.hasPrefix("\r\u{1B}[Kgrade: reading course.…\r\u{1B}[K\u{1B}[1mFixture course"))
    }

    /// Swift Testing's expansion of a multi-line value (the round-robin suite's timelines)
    /// started its later lines at the left margin, outside the exercise it belongs to.
    @Test func aFailureMessageOfSeveralLinesStaysIndented() throws {
        let course = try TinyCourse().course()
        let plan = try GradingPlan(course: course, ids: [], sources: .starters)
        let failure = TestFailure(message: "(timeline → |A |B |\n0  2  4) == (expected → |B |A |\n0  2  4)", file: nil, line: nil)
        let result = ExerciseResult(
            exerciseID: "adding", verdict: .failed, pointsEarned: 0, pointsPossible: 1, duration: 0,
            tests: [TestResult(suite: "AddingTests.Timeline", name: "order()", outcome: .failed, duration: 0, failures: [failure])],
            diagnostics: [], problem: nil, outputTail: "")
        let outcome = GradingOutcome(course: course, plan: plan, results: [result], seconds: 0)
        let text = TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: "/").text
        let lines = text.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.contains("AddingTests.Timeline/order()") })
        #expect(lines[first] == "      AddingTests.Timeline/order(): (timeline → |A |B |")
        #expect(lines[first + 1] == "        0  2  4) == (expected → |B |A |")
        #expect(lines[first + 2] == "        0  2  4)")
    }

    @Test func progressTextFitsItsWidth() {
        #expect(ProgressLine.fitted("grade: building 3 of 39 exercises…", to: nil) == "grade: building 3 of 39 exercises…")
        #expect(ProgressLine.fitted("grade: building…", to: 16) == "grade: building…")
        #expect(ProgressLine.fitted("grade: building…", to: 10) == "grade: bu…")
        #expect(ProgressLine.fitted("grade: building…", to: 1) == "…")
    }

    /// Runs `grade` on a pseudo-terminal in the mixed fixture; what it showed, with the
    /// terminal's "\r\n" for each newline turned back into "\n".
    private func runOnTerminal(_ arguments: [String], environment: [String: String], columns: UInt16 = 0) throws -> String {
        try fixtureLock.withLock { _ in
            try Self.warmCache()
            let terminal = try PseudoTerminal(gradeExecutable, arguments, in: MixedFixture.course.root, environment: environment, columns: columns)
            defer { terminal.stop() }
            try terminal.waitForLine(startingWith: "Score: ", timeout: 600)
            _ = try terminal.waitForExit(timeout: 60)
            return terminal.output.replacingOccurrences(of: "\r\n", with: "\n")
        }
    }

    /// Grades `ids` with the cache on, so that the runs under test report them from the cache
    /// even when an earlier test left results of edited files there.
    private static func warmCache() throws {
        _ = try MixedFixture.course.grade(ids, useCache: true)
    }

    private func withoutTimes(_ text: String) -> String {
        text.replacing(/\d+\.\d\d s/, with: "T")
    }
}
