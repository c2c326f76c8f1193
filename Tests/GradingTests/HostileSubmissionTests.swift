import Foundation
import Testing
@testable import Grading

/// Hostile submissions (the `hostile` fixture): each is contained and reported for its own
/// exercise, and the decent one in the same run is graded normally.
@Suite struct HostileSubmissionTests {
    static let course = FixtureCourse("hostile")

    static let starters: Result<GradingOutcome, any Error> = fixtureLock.withLock { _ in
        Result {
            try course.prepare()
            unlink("/tmp/hostile-escapee.pid")
            defer { unlink(course.root + "/hostile-big-file.bin") }
            return try course.grade()
        }
    }

    @Test func forkAndThreadBombsAreStopped() throws {
        let outcome = try Self.starters.get()
        let forks = try outcome.result("fork-bomb")
        #expect(forks.verdict == .crashed)
        #expect(forks.problem?.contains("more than the 1024 allowed (a fork or thread bomb?); they were all killed") == true, "\(forks.problem ?? "")")
        let threads = try outcome.result("thread-bomb")
        #expect(threads.verdict == .crashed, "stopped by the grader's count or by the address-space limit: \(threads.problem ?? "")")
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

    @Test func unboundedAllocationIsStopped() throws {
        let result = try Self.starters.get().result("hog")
        #expect(result.verdict == .crashed, "\(result.verdict) \(result.problem ?? "")")
    }

    @Test func escapedDescendantsAreKilled() throws {
        _ = try Self.starters.get()
        let text = try String(contentsOfFile: "/tmp/hostile-escapee.pid", encoding: .utf8)
        let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed by the grader at the end of the run: gone, or a zombie waiting for init.
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        #expect(stat.isEmpty || HungProcessReport.state(fromStat: stat) == "a zombie", "\(stat)")
    }

    @Test func theDecentExerciseIsGradedNormally() throws {
        #expect(try Self.starters.get().result("decent").verdict == .passed)
    }
}
