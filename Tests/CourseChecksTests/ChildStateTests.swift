import CourseChecks
import Multitasking
import Testing

/// `ChildProcesses.stateOfChild` finds a child by the pid `start()` gave, among the unreaped
/// children, whatever namespace /proc belongs to.
@Suite(.enabled(if: !ForkGateStatistics.isThreadSanitizerActive))
struct ChildStateTests {
    @Test func aChildIsFoundWhileUnreapedAndNotAfterItsJoin() throws {
        let sleeper = Multitasking.Process(name: "sleeper") { Multitasking.Thread.sleep(for: .seconds(30)) }
        try sleeper.start()
        let pid = try #require(sleeper.pid)
        #expect(ChildProcesses.stateOfChild(pid) != nil, "a running child is in the process table")
        #expect(ChildProcesses.stateOfChild(pid) != "Z")
        try sleeper.kill()
        try sleeper.join()
        #expect(ChildProcesses.stateOfChild(pid) == nil, "a joined child is gone")
    }

    @Test func aPidThatIsNoChildOfOursIsNotFound() {
        #expect(ChildProcesses.stateOfChild(1) == nil)
    }
}
