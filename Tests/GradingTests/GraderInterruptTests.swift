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
}
