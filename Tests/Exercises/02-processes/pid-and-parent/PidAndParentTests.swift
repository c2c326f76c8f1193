import CourseChecks
import Glibc
import Multitasking
import PidAndParent
import Testing

/// The state letter /proc shows for `pid` ("Z" for a zombie), nil when no such process exists.
private func processState(_ pid: Int32) -> Character? {
    let descriptor = open("/proc/\(pid)/stat", O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 512)
    let count = read(descriptor, &bytes, bytes.count)
    guard count > 0 else { return nil }
    let text = String(decoding: bytes[0..<count], as: UTF8.self)
    guard let paren = text.lastIndex(of: ")") else { return nil }
    return text[text.index(after: paren)...].first { $0 != " " }
}

@Suite(.serialized) struct PidAndParentTests {
    @Test func theChildHasAPidOfItsOwn() throws {
        let ids = try familyIDs()
        let me = getpid()
        #expect(ids.child != 0, "the child sent no pid back (0): read currentProcessID() inside the child and send it through a ProcessQueue, Pipe or SharedValue")
        #expect(ids.child != me,
                "the child reported pid \(ids.child), which is the parent's own pid: read currentProcessID() inside the child's closure, not before start()")
        #expect(ids.child == ids.childSeenByParent,
                "the child said its pid is \(ids.child) but the parent's Process has pid \(ids.childSeenByParent): they are the same process and should agree")
    }

    @Test func theParentKnowsItselfAndItsChild() throws {
        let ids = try familyIDs()
        let me = getpid()
        #expect(ids.parent == me, "parent should be the pid of the process that called familyIDs() (\(me)), not \(ids.parent)")
        #expect(ids.childSeenByParent != 0 && ids.childSeenByParent != me,
                "childSeenByParent should be the started Process's pid, a new process (got \(ids.childSeenByParent); the caller is \(me))")
    }

    @Test func theChildSeesTheCallerAsItsParent() throws {
        let ids = try familyIDs()
        let me = getpid()
        #expect(ids.childsParent == me,
                "inside the child, parentProcessID() should be the caller's pid \(me), but the child reported \(ids.childsParent)\(ids.childsParent == getppid() ? " (the caller's own parent: it was read in the parent, not in the child)" : "")")
    }

    /// `join()` returns as soon as the child has ended; a fixed sleep in its place takes as long
    /// however quick the child. Measured against a child that does as much, started and joined here.
    @Test func returnsAsSoonAsTheChildHasEnded() throws {
        let check = try Timing.ratio(
            "familyIDs() against starting and joining a child that sends as much", atMost: 3,
            of: { _ = try familyIDs() },
            against: {
                let replies = try ProcessQueue<[Int32]>(name: "baseline ids")
                let child = Process(name: "baseline") { try replies.put([currentProcessID(), parentProcessID()]) }
                try child.start()
                try child.join()
                _ = try replies.get(timeout: .seconds(5))
            })
        #expect(check.passed, "\(check): wait for the child with join(), which returns as soon as it has ended, not with a fixed sleep")
    }

    /// A child that sent its ids may still take a while to end: here it lingers 0.5 s after
    /// its work. Getting the ids is no join; when familyIDs() returns, the child has ended and
    /// been joined, not left in the process table running or as a zombie.
    @Test func returnsOnlyWhenTheChildHasEndedAndBeenJoined() throws {
        let seen = try ChildProcesses.endingLate(by: .milliseconds(500)) { try familyIDs() }
        #expect(seen.value.child != 0, "the child sent no pid back (0)")
        #expect(seen.leftBehind.isEmpty, """
            familyIDs() returned while its child \(seen.leftBehind.sorted()) had not ended or was \
            unjoined (it takes 0.5 s to end after sending its ids): receiving its ids does not \
            wait for its end; join() the child before returning
            """)
    }

    @Test func everyCallStartsANewChildAndReapsIt() throws {
        let first = try familyIDs()
        #expect(first.childSeenByParent != 0, "familyIDs() should start a child and report its pid")
        if first.childSeenByParent != 0 {
            #expect(processState(first.childSeenByParent) == nil,
                    "child \(first.childSeenByParent) is still in the process table (state \(processState(first.childSeenByParent).map(String.init) ?? "?")) after familyIDs() returned: join() it before you return")
        }
        let second = try familyIDs()
        #expect(second.childSeenByParent != first.childSeenByParent,
                "two calls should start two different children, but both reported pid \(first.childSeenByParent)")
    }
}
