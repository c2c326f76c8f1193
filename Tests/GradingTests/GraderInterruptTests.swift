import Foundation
import Testing
@testable import Grading

/// Ctrl-C or SIGTERM of a running `grade`: it stops its test process (and everything that
/// carries the run's token), says so, exits with 128 + the signal, and the next run works.
@Suite(.serialized) struct GraderInterruptTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func interruptedGradeStopsItsTestsAndTheNextRunWorks(signal: Int32) throws {
        _ = try HostileFixture.starters.get()
        try fixtureLock.withLock { _ in
            let root = HostileFixture.course.root
            let grade = try BackgroundProgram(gradeExecutable, ["stuck", "--no-cache"], in: root)
            let test = try #require(grade.testProcess(), "grade started no test process: \(grade.wait().output)")
            let sent = ContinuousClock.now
            kill(grade.pid, signal)
            let interrupted = grade.wait(limit: .seconds(30))
            #expect((ContinuousClock.now - sent) < .seconds(5), "grade took long to stop")
            #expect(interrupted.status == 128 + signal, "\(interrupted.output)")
            let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
            #expect(interrupted.output.hasSuffix("\ngrade: interrupted by \(name); stopped the tests and builds it had started (this run's results were not saved)\n"), "\(interrupted.output)")
            #expect(ProcessTable.carrying(test.token).isEmpty, "a process of the interrupted run is left")
            #expect(runToken(of: test.pid) != test.token, "the test process is gone")

            let next = try runProgram(gradeExecutable, ["stuck"], in: root, environment: ["NO_COLOR": "1"])
            #expect(next.status == 1, "\(next.output)")
            #expect(next.output.contains("StuckTests timed out after 5 s while running StuckTests.AnswerTests/testAnswer"), "\(next.output)")
        }
    }

    /// The grader killed with SIGKILL, so no handler of its runs: the test's supervisor dies with
    /// it (PR_SET_PDEATHSIG) and, as the init of the run's PID namespace, takes every process of
    /// the run with it, within a second.
    @Test func killedGradeLeavesNoTestProcess() throws {
        _ = try HostileFixture.starters.get()
        try fixtureLock.withLock { _ in
            let grade = try BackgroundProgram(gradeExecutable, ["stuck", "--no-cache"], in: HostileFixture.course.root)
            let test = try #require(grade.testProcess(), "grade started no test process: \(grade.wait().output)")
            kill(grade.pid, SIGKILL)
            _ = grade.wait(limit: .seconds(30))
            let deadline = ContinuousClock.now + .seconds(1)
            while !ProcessTable.carrying(test.token).isEmpty && ContinuousClock.now < deadline { usleep(10_000) }
            #expect(ProcessTable.carrying(test.token).isEmpty, "a process of the killed grader's run is left")
        }
    }

    /// Ctrl-C while `swift build` compiles: SwiftPM runs each compiler in a process group of its
    /// own, out of reach of a kill of the build's group (seen left running when grade was
    /// started from a shell; `ChildProcessTests` pins down the same escape).
    @Test func interruptedBuildStopsItsCompilersAndTheNextRunWorks() throws {
        // A copy of its own: a cold build, long enough to be interrupted while it compiles.
        let course = FixtureCourse("twins", sharedSources: [], copy: "twins-interrupted-\(UUID().uuidString)")
        try course.prepare()
        defer { try? FileManager.default.removeItem(atPath: course.root) }
        let grade = try BackgroundProgram(gradeExecutable, [], in: course.root)
        try #require(waitForACompiler(of: course.root, while: grade), "grade started no compiler: \(grade.wait().output)")
        kill(grade.pid, SIGINT)
        let interrupted = grade.wait(limit: .seconds(30))
        #expect(interrupted.status == 130, "\(interrupted.output)")
        #expect(interrupted.output.hasSuffix("\ngrade: interrupted by SIGINT; stopped the tests and builds it had started (this run's results were not saved)\n"), "\(interrupted.output)")
        // Checked at once: a compiler left running would end by itself a few seconds later.
        let left = buildProcesses(of: course.root, lastingAtLeast: .milliseconds(200))
        #expect(left.isEmpty, "build processes of the interrupted run are left: \(left.map { $0.prefix(3).joined(separator: " ") })")

        let next = try runProgram(gradeExecutable, [], in: course.root, environment: ["NO_COLOR": "1"])
        #expect(next.status == 1, "\(next.output)")
        #expect(next.output.contains("Score: 1/2 points, 1 of 2 exercises passed"), "\(next.output)")
    }

    /// Whether a compiler (`swiftc`) builds a module of the course at `root` into its scratch
    /// folder (not Package.swift, which SwiftPM compiles elsewhere) before `program` ends.
    private func waitForACompiler(of root: String, while program: BackgroundProgram) -> Bool {
        while program.process.isRunning {
            let compiling = buildProcesses(of: root).contains { arguments in
                arguments[0].hasSuffix("/swiftc") && arguments.contains("-module-name")
                    && arguments.contains { $0.hasPrefix(root + "/.build-grade/") }
            }
            if compiling { return true }
            usleep(20_000)
        }
        return false
    }

    /// The arguments of the live processes (not zombies) whose command line names `root`, still
    /// there after `grace` (a process killed a moment ago may not have ended yet).
    private func buildProcesses(of root: String, lastingAtLeast grace: Duration = .zero) -> [[String]] {
        let deadline = ContinuousClock.now + grace
        while true {
            let found = ProcessTable.entries().filter { !$0.isZombie && $0.pid != getpid() }.compactMap { entry -> [String]? in
                guard let line = FileManager.default.contents(atPath: "/proc/\(entry.pid)/cmdline") else { return nil }
                let arguments = line.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                return arguments.contains { $0.contains(root) } ? arguments : nil
            }
            if found.isEmpty || ContinuousClock.now >= deadline { return found }
            usleep(20_000)
        }
    }
}
