import Foundation
import Testing
@testable import Grading

/// --format json, GitHub annotations and --shard.
@Suite(.serialized) struct CIReportTests {
    @Test func jsonSummaryHasScoreExercisesAndTests() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let run = try runProgram(gradeExecutable, ["passing-xctest", "failing-xctest", "--format", "json"], in: MixedFixture.course.root)
            #expect(run.status == 1)
            let summary = try JSONDecoder().decode(JSONSummary.self, from: Data(run.output.utf8))
            #expect(summary.course == "fixture" && summary.sources == "starters" && !summary.passed)
            #expect(summary.score == JSONSummary.Score(earned: 3, possible: 8, exercisesPassed: 1, exercises: 2))
            #expect(summary.exercises.map(\.id) == ["passing-xctest", "failing-xctest"])
            #expect(summary.exercises.map(\.status) == ["passed", "failed"])
            let three = try #require(summary.exercises[1].tests.first { $0.name == "testThree" })
            #expect(three.status == "failed")
            #expect(three.failures == [JSONSummary.FailureEntry(
                message: #"XCTAssertEqual failed: ("6") is not equal to ("9") - three squared is nine"#,
                file: "Tests/basics/failing-xctest/SquareTests.swift", line: 6)])
        }
    }

    @Test func jsonSummaryOfEveryVerdict() throws {
        let summary = JSONSummary(outcome: try MixedFixture.starters.get())
        #expect(summary.exercises.first { $0.id == "broken" }?.status == "compile error")
        #expect(summary.exercises.first { $0.id == "hanging" }?.status == "timed out")
        #expect(summary.exercises.first { $0.id == "crashing" }?.tests.map(\.status).sorted() == ["interrupted", "passed"])
        let decoded = try JSONDecoder().decode(JSONSummary.self, from: Data(summary.text.utf8))
        #expect(decoded == summary)
    }

    @Test func githubAnnotationsOnlyOnGitHubActions() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let root = MixedFixture.course.root
            let annotated = try runProgram(gradeExecutable, ["failing-xctest"], in: root, environment: ["GITHUB_ACTIONS": "true", "NO_COLOR": "1"])
            #expect(annotated.output.hasSuffix(#"::error file=Tests/basics/failing-xctest/SquareTests.swift,line=6,title=failing-xctest%3A failed::FailingXTests.SquareTests/testThree: XCTAssertEqual failed: ("6") is not equal to ("9") - three squared is nine"# + "\n"))
            let plain = try runProgram(gradeExecutable, ["failing-xctest"], in: root, environment: ["GITHUB_ACTIONS": "false"])
            #expect(!plain.output.contains("::error"))
        }
    }

    @Test func githubAnnotationsForCompileErrorsCrashesAndTimeouts() throws {
        let lines = GitHubAnnotations(outcome: try MixedFixture.starters.get()).lines
        #expect(lines.contains("::error file=Exercises/trouble/broken/Broken.swift,line=2,title=broken%3A compile error::cannot convert return expression of type 'String' to return type 'Int'"))
        // Multi-line messages (the threads of a hung test) are escaped onto one line.
        let hanging = lines.first { $0.hasPrefix("::error file=Exercises/trouble/hanging/Wait.swift,title=hanging%3A timed out::HangingTests timed out after 3 s while running HangingTests.WaitTests/testAnswer; the test process and everything it started were killed") }
        #expect(hanging?.contains("\n") == false)
        #expect(lines.contains { $0.hasPrefix("::error file=Exercises/trouble/crashing/Crash.swift,title=crashing%3A crashed::CrashingTests crashed with signal SIGILL (4)") })
        #expect(!lines.contains { $0.contains("passing-xctest") })
    }

    @Test func githubEscaping() {
        #expect(GitHubAnnotations.command(file: "a,b:c.swift", line: 3, title: "t", message: "50%\nnext") == "::error file=a%2Cb%3Ac.swift,line=3,title=t::50%25%0Anext")
    }

    @Test func shardsSplitDeterministicallyAndCoverEverything() throws {
        let exercises = try MixedFixture.starters.get().plan.exercises
        let parts = try (1...4).map { index throws(GradingError) in try Shard("\(index)/4").select(exercises).map(\.id) }
        #expect(parts[1] == ["passing-testing", "crashing"])
        #expect(parts.flatMap { $0 }.sorted() == exercises.map(\.id).sorted())
        #expect(try Shard("1/1").select(exercises).count == exercises.count)
    }

    @Test func badShardsAreUsageErrors() {
        for text in ["0/3", "4/3", "a/b", "3", "1/0", "1/2/3"] {
            #expect(throws: GradingError("--shard expects K/N with 1 <= K <= N (for example --shard 2/4), not '\(text)'")) {
                try Shard(text)
            }
        }
    }

    @Test func shardOption() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let root = MixedFixture.course.root
            let run = try runProgram(gradeExecutable, ["basics", "--shard", "2/2", "--format", "json"], in: root)
            let summary = try JSONDecoder().decode(JSONSummary.self, from: Data(run.output.utf8))
            #expect(summary.exercises.map(\.id) == ["passing-testing", "failing-testing"])

            let empty = try runProgram(gradeExecutable, ["passing-xctest", "--shard", "2/2"], in: root)
            #expect(empty.status == 2)
            #expect(empty.output == "error: shard 2/2 would grade nothing: the selection has 1 exercise for 2 shards; use at most 1 shard\n")
            let bad = try runProgram(gradeExecutable, ["--shard", "3/2"], in: root)
            #expect(bad.status == 2)
            #expect(bad.output.hasPrefix("Error: --shard expects K/N with 1 <= K <= N (for example --shard 2/4), not '3/2'\nUsage: grade exercises "))
            let malformed = try runProgram(gradeExecutable, ["--shard", "two"], in: root)
            #expect(malformed.status == 2)
            #expect(malformed.output.hasPrefix("Error: The value 'two' is invalid for '--shard <K/N>'\nHelp:  --shard <K/N>  Grade only shard K of N (for parallel CI jobs), for example 2/4.\n"))
        }
    }
}
