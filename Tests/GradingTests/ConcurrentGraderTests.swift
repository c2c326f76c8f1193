import Foundation
import Synchronization
import Testing
@testable import Grading

/// Two graders started at once on the same checkout: the second waits for the first (a lock in
/// the state folder), says for whom, and both report the right verdicts.
@Suite struct ConcurrentGraderTests {
    @Test func twoGradersAtOnceTakeTurns() throws {
        _ = try HostileFixture.starters.get()
        try fixtureLock.withLock { _ in
            let root = HostileFixture.course.root
            let arguments = ["decent", "imitator", "--no-cache"]
            let first = try BackgroundProgram(gradeExecutable, arguments, in: root)
            let second = try BackgroundProgram(gradeExecutable, arguments, in: root)
            let runs = [(first, first.wait(), second.pid), (second, second.wait(), first.pid)]
            for (_, run, _) in runs {
                #expect(run.status == 1, "\(run.output)")
                #expect(run.output.contains("  ✔ decent"), "\(run.output)")
                #expect(run.output.contains("  ✘ imitator"), "\(run.output)")
                #expect(run.output.contains("Score: 1/2 points, 1 of 2 exercises passed"), "\(run.output)")
            }
            let waited = runs.filter { $0.1.output.contains("waiting for another grade run in this folder") }
            #expect(waited.count == 1, "exactly one of them waited")
            if let (_, run, other) = waited.first {
                #expect(run.output.contains("waiting for another grade run in this folder (pid \(other))...\n"), "\(run.output)")
            }
        }
    }

    @Test func theLockNamesItsHolderAndIsReleasedWithIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
        var holder: GradeRunLock? = try GradeRunLock(folder: folder) { _ in Issue.record("the first one waited") }
        let message = MessageBox()
        let waiter = Thread {
            _ = try? GradeRunLock(folder: folder) { text in message.text.withLock { $0 = text } }
        }
        waiter.start()
        while message.text.withLock({ $0 }) == nil { usleep(10_000) }
        #expect(message.text.withLock { $0 } == "waiting for another grade run in this folder (pid \(getpid()))...")
        #expect(GradeRunLock.waitingMessage(holder: 42, language: .zh) == "正在等待这个文件夹里的另一次评分结束（进程 42）……")
        #expect(GradeRunLock.waitingMessage(holder: nil, language: .zh) == "正在等待这个文件夹里的另一次评分结束……")
        #expect(!waiter.isFinished, "the second one waits while the first holds the lock")
        withExtendedLifetime(holder) {}
        holder = nil
        let deadline = ContinuousClock.now + .seconds(10)
        while !waiter.isFinished && ContinuousClock.now < deadline { usleep(10_000) }
        #expect(waiter.isFinished, "the second one got the lock once the first let go")
    }
}

private final class MessageBox: Sendable {
    let text = Mutex<String?>(nil)
}

/// Locks taken in opposite orders by two processes: `grade --hidden-tests` holds the workspace's
/// lock and waits for the grading copy's, which this process holds while it asks for the
/// workspace's. The kernel refuses the request that would close the cycle (EDEADLK), and the
/// error names the lock.
@Suite struct GradeRunLockDeadlockTests {
    @Test func aLockRequestThatWouldDeadlockIsAnErrorNamingTheLock() throws {
        let student = try TinyCourse()
        let instructor = try TinyCourse()
        let workspace = HiddenTestsWorkspace(studentRoot: student.root, instructorRoot: instructor.root)
        var copyLock: GradeRunLock? = try GradeRunLock(folder: workspace.workRoot + "/.build-grade") { _ in }
        let grade = try BackgroundProgram(gradeExecutable, ["--hidden-tests", instructor.root], in: student.root)
        defer {
            kill(grade.pid, SIGTERM)
            _ = grade.wait(limit: .seconds(30))
            withExtendedLifetime(copyLock) {}
            copyLock = nil
        }
        try #require(waitUntilBlockedOnALock(grade.pid), "grade never waited for the grading copy's lock")
        let lockFile = student.root + "/.build-grade/hidden-tests/grade.lock"
        #expect {
            _ = try GradeRunLock(folder: student.root + "/.build-grade/hidden-tests") { _ in }
        } throws: { error in
            (error as? GradingError)?.description == "error: cannot lock \(lockFile): \(String(cString: strerror(EDEADLK)))"
        }
    }

    /// Whether `pid` waits in a blocking record-lock request (a "->" line of /proc/locks),
    /// within a minute.
    private func waitUntilBlockedOnALock(_ pid: pid_t) -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
            let waiting = locks.split(separator: "\n").contains { line in
                let fields = line.split(separator: " ")
                return fields.count > 5 && fields[1] == "->" && fields[2] == "POSIX" && fields[5] == "\(pid)"
            }
            if waiting { return true }
            usleep(20_000)
        }
        return false
    }
}
