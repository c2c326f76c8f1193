import Foundation
import Glibc
import Testing
@testable import Grading

@Suite struct ChildProcessTests {
    private func shell(_ script: String, timeout: Duration = .seconds(30), limit: Int = 64 * 1024) throws -> ChildProcess.Outcome {
        try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", script], environment: ["PATH": "/usr/bin:/bin"],
            workingDirectory: "/", timeout: timeout, outputLimit: limit
        ).run()
    }

    @Test func exitStatusAndOutputAreReported() throws {
        let outcome = try shell("echo out; echo err >&2; exit 3")
        #expect(outcome.ending == .exited(3))
        #expect(outcome.output.text == "out\nerr\n")
    }

    @Test func signalIsReported() throws {
        let outcome = try shell("kill -SEGV $$")
        #expect(outcome.ending == .signaled(SIGSEGV))
        #expect(signalName(SIGSEGV).text(.en) == "SIGSEGV (11), a bad memory access")
        #expect(signalName(SIGSEGV).text(.zh) == "SIGSEGV (11)，非法内存访问")
    }

    @Test func timeoutKillsTheWholeProcessGroup() throws {
        let start = ContinuousClock.now
        let outcome = try shell("sleep 100 & echo $!; wait", timeout: .seconds(1))
        #expect(outcome.ending == .timedOut)
        #expect(ContinuousClock.now - start < .seconds(10))
        let pid = try #require(Int32(outcome.output.text.trimmingSpaces()))
        // The background child must be gone (or a zombie waiting for init), not sleeping.
        let alive = !isGoneWithinTwoSeconds(pid)
        #expect(!alive, "the test process's child \(pid) outlived the timeout")
    }

    /// As SwiftPM's compilers are: each in a process group (here a session) of its own, with no
    /// run token (a build has no resource limits), found only as descendants.
    @Test func timeoutKillsDescendantsOutsideTheProcessGroup() throws {
        let outcome = try shell("setsid sleep 100 & echo $!; wait", timeout: .seconds(1))
        #expect(outcome.ending == .timedOut)
        let pid = try #require(Int32(outcome.output.text.trimmingSpaces()))
        let alive = !isGoneWithinTwoSeconds(pid)
        if alive { kill(pid, SIGKILL) }
        #expect(!alive, "the child \(pid) in a session of its own outlived the timeout")
    }

    @Test func leftoverChildrenAreKilledWhenTheProcessExits() throws {
        let outcome = try shell("sleep 100 >/dev/null 2>&1 & echo $!")
        #expect(outcome.ending == .exited(0))
        let pid = try #require(Int32(outcome.output.text.trimmingSpaces()))
        usleep(100_000)
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ")
        #expect(state.map { $0[2] == "Z" } ?? true, "a child left behind by the test process is killed with its group")
    }

    @Test func outputIsCapped() throws {
        let outcome = try shell("head -c 5000000 /dev/zero | tr '\\\\0' x; echo; echo last line", limit: 1000)
        #expect(outcome.ending == .exited(0))
        #expect(outcome.output.totalBytes == 5_000_011)
        #expect(outcome.output.head.count + outcome.output.tail.count == 1000)
        #expect(outcome.output.text.contains("[... 4999011 bytes of output left out ...]"))
        #expect(outcome.output.lastLines(1) == "last line")
    }

    @Test func missingProgramIsAnError() {
        #expect(throws: GradingError("cannot start /no/such/program: No such file or directory")) {
            try ChildProcess(executable: "/no/such/program", arguments: [], environment: [:],
                             workingDirectory: "/", timeout: .seconds(5)).run()
        }
    }
}

/// Whether `pid` is gone or a zombie (killed, waiting for whoever reaps it) within two seconds.
private func isGoneWithinTwoSeconds(_ pid: Int32) -> Bool {
    for _ in 0..<100 {
        let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        guard let entry = stat.flatMap({ ProcessTable.entry(pid: pid, stat: $0) }), !entry.isZombie else { return true }
        usleep(20_000)
    }
    return false
}
