import Glibc
import Multitasking
import Testing

/// ThreadSanitizer's runtime does not support fork() in a multi-threaded program: the process
/// tests run in normal builds only (see `ForkGateStatistics.isThreadSanitizerActive`).
let forkUnsupportedReason = "ThreadSanitizer does not support fork() in a multi-threaded program"
let forkSupported = ConditionTrait.enabled(if: !ForkGateStatistics.isThreadSanitizerActive, Comment(rawValue: forkUnsupportedReason))

/// A reference type whose copies show fork isolation: a child changes its copy only.
final class IsolatedBox: @unchecked Sendable {
    var value: Int
    init(_ value: Int) { self.value = value }
}

/// The state letter /proc shows for `pid` ("Z" for a zombie), nil when no such process exists.
func processState(_ pid: Int32) -> Character? {
    guard let text = try? String(contentsOfProcFile: "/proc/\(pid)/stat"),
          let close = text.lastIndex(of: ")") else { return nil }
    let rest = text[text.index(after: close)...].drop(while: { $0 == " " })
    return rest.first
}

extension String {
    /// Reads a small file without Foundation.
    init(contentsOfProcFile path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ProcFileError.missing }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &bytes, bytes.count)
        guard count > 0 else { throw ProcFileError.missing }
        self = String(decoding: bytes[0..<count], as: UTF8.self)
    }
}

enum ProcFileError: Error { case missing }

struct TicketSoldOut: Error, CustomStringConvertible {
    var description: String { "no tickets left" }
}

/// Waits up to `timeout` for `condition`, polling.
func eventually(_ timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: timeout)
    while clock.now < end {
        if condition() { return true }
        Thread.sleep(for: .milliseconds(5))
    }
    return condition()
}

@Suite(.hangGuard, forkSupported)
struct ProcessTests {
    @Test func startRunsTheTargetInAChildAndJoinReapsIt() throws {
        let seen = try SharedValue<Int32>(0)
        let child = Multitasking.Process(name: "worker") { seen.value = getpid() }
        #expect(child.pid == nil)
        #expect(!child.isAlive)
        #expect(child.exitCode == nil)
        #expect(child.description == "<Process 'worker' initial>")
        try child.start()
        let pid = try #require(child.pid)
        try child.join()
        #expect(seen.value == pid)
        #expect(pid != getpid())
        #expect(child.exitCode == 0)
        #expect(child.failure == nil)
        #expect(!child.isAlive)
        #expect(processState(pid) == nil)  // reaped: no zombie left
        #expect(child.description == "<Process 'worker' pid=\(pid) stopped exitcode=0>")
    }

    @Test func aChildKnowsOnlyTheThreadThatForkedIt() throws {
        struct Census: Error, CustomStringConvertible {
            let names: [String]
            let bystanderAlive: Bool
            var description: String { "threads \(names), bystander alive: \(bystanderAlive)" }
        }
        let gate = Event()
        let bystander = Thread(name: "bystander") { gate.wait() }
        try bystander.start()
        let child = Multitasking.Process(name: "census") {
            let names = enumerate().map(\.name)
            guard names.count == 1, activeCount() == 1, !bystander.isAlive else {
                throw Census(names: names, bystanderAlive: bystander.isAlive)
            }
            Thread.waitForNonDaemonThreads()  // nothing to wait for in the child: returns at once
        }
        try child.start()
        #expect(try child.join(timeout: .seconds(30)))
        gate.set()
        try bystander.join()
        #expect(child.exitCode == 0, "\(child.failure ?? "")")
    }

    @Test func aChildChangesOnlyItsOwnCopyOfMemory() throws {
        let box = IsolatedBox(100)
        let shared = try SharedValue(100)
        let children = (0..<10).map { _ in
            Multitasking.Process {
                box.value -= 1
                shared.withLock { $0 -= 1 }
            }
        }
        for child in children { try child.start() }
        for child in children { try child.join() }
        #expect(box.value == 100)  // each child decremented its own copy
        #expect(shared.value == 90)  // shared memory is shared
        #expect(children.allSatisfy { $0.exitCode == 0 })
    }

    @Test func misuseIsReportedWithClearMessages() throws {
        let child = Multitasking.Process(name: "once") {}
        #expect(throws: ProcessError.notStarted(process: "once")) { try child.join() }
        #expect(throws: ProcessError.notStarted(process: "once")) { try child.terminate() }
        #expect(throws: ProcessError.notStarted(process: "once")) { try child.kill() }
        try child.start()
        #expect(throws: ProcessError.alreadyStarted(process: "once")) { try child.start() }
        try child.join()
        #expect(throws: ProcessError.joinedItself(process: "MainProcess")) { try currentProcess().join() }
        #expect(ProcessError.alreadyStarted(process: "once").description
            == "process 'once' was already started: a process can be started only once")
        #expect(ProcessError.notStarted(process: "once").description
            == "process 'once' has not been started: call start() first")
        #expect(ProcessError.joinedItself(process: "p").description
            == "process 'p' cannot join itself: it would wait forever")
        #expect(ProcessError.startFailed(process: "p", errno: EAGAIN).description
            == "cannot start process 'p': fork failed with errno \(EAGAIN) (Resource temporarily unavailable)")
        #expect(ProcessError.runtimeNeverQuiet(process: "p").description
            == "cannot start process 'p': another thread held a Swift runtime lock for too long, and forking then could hang the child")
        #expect(ProcessError.daemonCannotHaveChildren(process: "p", daemon: "d").description
            == "cannot start process 'p': daemon process 'd' is not allowed to have children")
        #expect(ProcessError.sharedMemoryUnavailable(what: "SharedValue 'v'", errno: ENOMEM).description
            == "cannot create SharedValue 'v': mmap of shared memory failed with errno \(ENOMEM) (Cannot allocate memory)")
    }

    @Test func anErrorThrownInTheChildGivesExitCodeOneAndItsMessage() throws {
        let child = Multitasking.Process(name: "buyer") { throw TicketSoldOut() }
        try child.start()
        try child.join()
        #expect(child.exitCode == 1)
        #expect(child.failure == "process 'buyer' failed: no tickets left")
    }

    @Test func aReportLongerThanThePipeHoldsIsCutShortNotAHang() throws {
        // The parent reads a child's report after the child ended: a report the pipe cannot hold
        // (64 KiB) must not leave the child waiting for a reader for ever.
        struct Verbose: Error, CustomStringConvertible { var description: String { String(repeating: "x", count: 200_000) } }
        let child = Multitasking.Process(name: "verbose") { throw Verbose() }
        try child.start()
        #expect(try child.join(timeout: .seconds(10)))
        #expect(child.exitCode == 1)
        let failure = child.failure ?? ""
        #expect(failure.hasPrefix("process 'verbose' failed: xxx"))
        #expect(failure.count < 200_000)
    }

    @Test func aTrapInTheChildGivesMinusTheSignalAndSaysSo() throws {
        let child = Multitasking.Process(name: "indexer") {
            let tickets = [1, 2, 3]
            _ = tickets[Int(getpid()) % 1 + 3]  // out of range, computed so the compiler cannot see it
        }
        try child.start()
        try child.join()
        let code = try #require(child.exitCode)
        #expect(code == -SIGILL || code == -SIGTRAP)
        let failure = try #require(child.failure)
        #expect(failure.hasPrefix("process 'indexer' (pid \(child.pid!)) crashed (SIG"))
        #expect(failure.contains("a Swift runtime trap"))
    }

    @Test func exitInTheChildEndsItWithThatStatusAndRunsNoParentExitHandlers() throws {
        let child = Multitasking.Process(name: "leaver") { exit(3) }
        try child.start()
        #expect(try child.join(timeout: .seconds(10)))
        #expect(child.exitCode == 3)
        #expect(child.failure == "process 'leaver' exited with status 3")
    }

    @Test func terminateAndKillGiveMinusTheSignalNumber() throws {
        let sleeper = Multitasking.Process(name: "sleeper") { Thread.sleep(for: .seconds(30)) }
        try sleeper.start()
        #expect(sleeper.isAlive)
        #expect(try !sleeper.join(timeout: .milliseconds(50)))
        try sleeper.terminate()
        #expect(try sleeper.join(timeout: .seconds(10)))
        #expect(sleeper.exitCode == -SIGTERM)
        #expect(sleeper.failure == "process 'sleeper' was ended by SIGTERM")

        let stubborn = Multitasking.Process(name: "stubborn") {
            signal(SIGTERM, SIG_IGN)
            Thread.sleep(for: .seconds(30))
        }
        try stubborn.start()
        try stubborn.kill()
        #expect(try stubborn.join(timeout: .seconds(10)))
        #expect(stubborn.exitCode == -SIGKILL)
        try stubborn.kill()  // after the end: nothing to do, no error
    }

    @Test func finishedChildrenThatNobodyJoinsAreReaped() throws {
        let pids = try SharedArray<Int32>(repeating: 0, count: 5)
        for index in 0..<5 {
            let child = Multitasking.Process { pids[index] = getpid() }
            try child.start()
        }  // the Process objects are dropped without join
        #expect(eventually { pids.elements.allSatisfy { $0 != 0 } })
        #expect(eventually { pids.elements.allSatisfy { processState($0) == nil } })
    }

    @Test func theReaperLeavesOtherCodesChildrenAlone() throws {
        // A child another part of the program started (a raw fork here) ends first and waits for
        // its owner: the reaper must neither reap it nor stop reaping ours because of it.
        let foreign = fork()
        if foreign == 0 { _exit(0) }
        defer { waitpid(foreign, nil, 0) }
        #expect(eventually { processState(foreign) == "Z" })
        let pids = try SharedArray<Int32>(repeating: 0, count: 3)
        for index in 0..<3 {
            let child = Multitasking.Process { pids[index] = getpid() }
            try child.start()
        }  // never joined
        #expect(eventually { pids.elements.allSatisfy { $0 != 0 } })
        #expect(eventually { pids.elements.allSatisfy { processState($0) == nil } })
        #expect(processState(foreign) == "Z")  // still there for its owner's waitpid
    }

    @Test func currentProcessNamesTheChildAndItsParent() throws {
        let parentSeen = try SharedValue<Int32>(0)
        let nameMatches = try SharedValue(false)
        let child = Multitasking.Process(name: "watch") {
            parentSeen.value = parentProcessID()
            nameMatches.value = currentProcess().name == "watch" && currentProcess().pid == currentProcessID()
                && currentProcess().isAlive
        }
        try child.start()
        try child.join()
        #expect(parentSeen.value == getpid())
        #expect(nameMatches.value)
        #expect(currentProcess().name == "MainProcess")
        #expect(currentProcess().pid == getpid())
    }

    @Test func aSubclassRunsItsOwnRun() throws {
        final class Counter: Multitasking.Process, @unchecked Sendable {
            let total: SharedValue<Int>
            init(total: SharedValue<Int>) {
                self.total = total
                super.init(name: "counter")
            }
            override func run() throws { total.value = (1...10).reduce(0, +) }
        }
        let total = try SharedValue(0)
        let child = Counter(total: total)
        try child.start()
        try child.join()
        #expect(total.value == 55)
        #expect(child.name == "counter")
    }

    @Test func defaultNamesCount() {
        let first = Multitasking.Process {}
        let second = Multitasking.Process {}
        #expect(first.name.hasPrefix("Process-"))
        #expect(first.name != second.name)
    }

    @Test func aDaemonIsTerminatedWhenItsParentFinishes() throws {
        let daemonPID = try SharedValue<Int32>(0)
        let parent = Multitasking.Process(name: "parent") {
            let daemon = Multitasking.Process(name: "heartbeat", daemon: true) {
                while true { Thread.sleep(for: .milliseconds(10)) }
            }
            try daemon.start()
            daemonPID.value = daemon.pid!
        }
        try parent.start()
        #expect(try parent.join(timeout: .seconds(10)))
        #expect(parent.exitCode == 0)
        let pid = daemonPID.value
        #expect(pid != 0)
        #expect(eventually { processState(pid) == nil || processState(pid) == "Z" })
    }

    @Test func aDaemonDiesWhenItsParentIsKilled() throws {
        let daemonPID = try SharedValue<Int32>(0)
        let parent = Multitasking.Process(name: "doomed") {
            let daemon = Multitasking.Process(name: "orphan-to-be", daemon: true) {
                while true { Thread.sleep(for: .milliseconds(10)) }
            }
            try daemon.start()
            daemonPID.value = daemon.pid!
            Thread.sleep(for: .seconds(30))
        }
        try parent.start()
        #expect(eventually { daemonPID.value != 0 })
        let pid = daemonPID.value
        #expect(processState(pid) != nil)
        try parent.kill()
        try parent.join()
        #expect(eventually { processState(pid) == nil || processState(pid) == "Z" })
    }

    @Test func aDaemonMayNotStartChildren() throws {
        let message = try SharedArray<UInt8>(repeating: 0, count: 200)
        let daemon = Multitasking.Process(name: "d", daemon: true) {
            do {
                try Multitasking.Process(name: "grandchild") {}.start()
            } catch {
                let text = Array(String(describing: error).utf8.prefix(199))
                message.withLock { for (index, byte) in text.enumerated() { $0[index] = byte } }
            }
        }
        try daemon.start()
        try daemon.join()
        let text = String(decoding: message.elements.prefix { $0 != 0 }, as: UTF8.self)
        #expect(text == "cannot start process 'grandchild': daemon process 'd' is not allowed to have children")
    }

    @Test func childrenOfAChildAreWaitedForAndReaped() throws {
        let grandchildPID = try SharedValue<Int32>(0)
        let finished = try SharedValue(false)
        let child = Multitasking.Process(name: "middle") {
            let grandchild = Multitasking.Process(name: "grandchild") {
                Thread.sleep(for: .milliseconds(100))
                finished.value = true
            }
            try grandchild.start()
            grandchildPID.value = grandchild.pid!
        }  // returns without join: the runtime waits for the non-daemon grandchild
        try child.start()
        try child.join()
        #expect(finished.value)
        #expect(processState(grandchildPID.value) == nil || processState(grandchildPID.value) == "Z")
    }

    @Test func activeChildrenListsRunningChildren() throws {
        let sleeper = Multitasking.Process(name: "listed") { Thread.sleep(for: .seconds(30)) }
        try sleeper.start()
        #expect(activeChildren().contains { $0 === sleeper })
        try sleeper.kill()
        try sleeper.join()
        #expect(!activeChildren().contains { $0 === sleeper })
    }
}
