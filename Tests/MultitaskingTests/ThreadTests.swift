import CMultitasking
import Glibc
import Multitasking
import Testing

@Suite(.hangGuard)
struct ThreadTests {
    @Test func startRunsTheTargetOnAnotherThreadAndJoinWaitsForIt() throws {
        let seen = Locked<(ident: UInt64?, onMain: Bool, finished: Bool)>((nil, true, false))
        let gate = Event()
        let thread = Thread(name: "worker") {
            gate.wait()
            seen.withLock { $0 = (Thread.current.ident, Thread.current === Thread.main, true) }
        }
        #expect(thread.ident == nil)
        #expect(thread.nativeID == nil)
        #expect(!thread.isAlive)
        try thread.start()
        #expect(thread.isAlive)
        gate.set()
        try thread.join()
        #expect(!thread.isAlive)
        let result = seen.withLock { $0 }
        #expect(result.finished)
        #expect(result.ident == thread.ident)
        #expect(result.ident != nil)
        #expect(!result.onMain)
    }

    @Test func secondStartIsAClearError() throws {
        let thread = Thread(name: "once") {}
        try thread.start()
        #expect(throws: ThreadError.alreadyStarted(thread: "once")) { try thread.start() }
        try thread.join()
        #expect(throws: ThreadError.alreadyStarted(thread: "once")) { try thread.start() }
        #expect(ThreadError.alreadyStarted(thread: "once").description
            == "thread 'once' was already started: a thread can be started only once")
    }

    @Test func joiningBeforeStartOrJoiningItselfIsAnError() throws {
        let idle = Thread(name: "idle") {}
        #expect(throws: ThreadError.notStarted(thread: "idle")) { try idle.join() }
        #expect(ThreadError.notStarted(thread: "idle").description == "cannot join thread 'idle' before it is started")

        let outcome = Locked<ThreadError?>(nil)
        let selfJoiner = Thread(name: "narcissus") {
            do { try Thread.current.join() } catch { outcome.withLock { $0 = error as? ThreadError } }
        }
        try selfJoiner.start()
        try selfJoiner.join()
        #expect(outcome.withLock { $0 } == .joinedItself(thread: "narcissus"))
        #expect(ThreadError.joinedItself(thread: "narcissus").description
            == "thread 'narcissus' cannot join itself: it would wait forever")
    }

    @Test func joinWithTimeoutSaysWhetherTheThreadFinished() throws {
        let gate = Event()
        let thread = Thread(name: "gated") { gate.wait() }
        try thread.start()
        #expect(try thread.join(timeout: .milliseconds(30)) == false)
        #expect(thread.isAlive)
        gate.set()
        #expect(try thread.join(timeout: .seconds(10)) == true)
        #expect(!thread.isAlive)
    }

    @Test func defaultNamesCountUpAndDescriptionsShowTheState() throws {
        let first = Thread {}
        let second = Thread {}
        #expect(first.name.hasPrefix("Thread-"))
        let firstNumber = Int(first.name.dropFirst("Thread-".count))
        let secondNumber = Int(second.name.dropFirst("Thread-".count))
        #expect(firstNumber != nil && secondNumber != nil && secondNumber! > firstNumber!)
        let named = Thread(name: "heartbeat", daemon: true) {}
        #expect(named.description == "<Thread 'heartbeat' initial daemon>")
        try named.start()
        try named.join()
        #expect(named.description == "<Thread 'heartbeat' stopped daemon>")
    }

    @Test func nativeIDIsTheKernelThreadID() throws {
        let kernelID = Locked<Int32>(0)
        let thread = Thread(name: "native") { kernelID.withLock { $0 = mt_gettid() } }
        try thread.start()
        let reported = thread.nativeID
        try thread.join()
        #expect(reported == kernelID.withLock { $0 })
        #expect(reported != getpid())
        #expect(Thread.main.nativeID == getpid())
    }

    @Test func currentThreadWorksOnTheMainAndOnForeignThreads() throws {
        #expect(mainThread().name == "MainThread")
        #expect(mainThread() === Thread.main)
        #expect(mainThread().isAlive)

        // A thread the runtime did not create gets a dummy object, as in Python.
        let name = Locked<String>("")
        var foreign = pthread_t()
        let created = pthread_create(&foreign, nil, { _ in
            foreignThreadName.withLock { $0 = currentThread().name }
            return nil
        }, nil)
        #expect(created == 0)
        pthread_join(foreign, nil)
        name.withLock { $0 = foreignThreadName.withLock { $0 } }
        #expect(name.withLock { $0 }.hasPrefix("Dummy-"))
    }

    @Test func enumerateAndActiveCountListLiveThreadsOnly() throws {
        let gate = Event()
        let workers = (1...3).map { index in Thread(name: "enumerated-\(index)") { gate.wait() } }
        for worker in workers { try worker.start() }
        let names = Set(enumerate().map(\.name))
        #expect(names.isSuperset(of: ["MainThread", "enumerated-1", "enumerated-2", "enumerated-3"]))
        #expect(activeCount() >= 4)
        gate.set()
        for worker in workers { try worker.join() }
        #expect(!enumerate().contains { $0.name.hasPrefix("enumerated-") })
    }

    @Test func subclassesOverrideRun() throws {
        let worker = SquareWorker(input: 12)
        try worker.start()
        try worker.join()
        #expect(worker.result.withLock { $0 } == 144)
        #expect(worker.name == "square")
    }

    @Test func anErrorThrownInAThreadIsKeptAndReportedWithTheThreadName() throws {
        struct MailServerDown: Error, CustomStringConvertible {
            var description: String { "mail server down" }
        }
        let thread = Thread(name: "mailer-7") { throw MailServerDown() }
        try thread.start()
        try thread.join()
        #expect(thread.error is MailServerDown)
        let report = Diagnostics.reports.last { $0.kind == .threadError && $0.steps.first?.thread == "mailer-7" }
        #expect(report?.description == "Exception in thread 'mailer-7': mail server down")
    }

    @Test func waitForNonDaemonThreadsWaitsForThoseButNotForDaemons() throws {
        let daemonGate = Event()
        let daemon = Thread(name: "daemon-forever", daemon: true) { daemonGate.wait() }
        let finished = Locked(false)
        let worker = Thread(name: "slow-worker") {
            Thread.sleep(for: .milliseconds(50))
            finished.withLock { $0 = true }
        }
        try daemon.start()
        try worker.start()
        Thread.waitForNonDaemonThreads()
        #expect(finished.withLock { $0 })
        #expect(daemon.isAlive)
        daemonGate.set()
        try daemon.join()
    }

    @Test func manyThreadsStartAndJoinConcurrently() throws {
        let lock = Lock(name: "stress-counter")
        nonisolated(unsafe) var counter = 0
        let threads = (0..<200).map { _ in
            Thread {
                for _ in 0..<100 { lock.withLock { counter += 1 } }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        #expect(lock.withLock { counter } == 20_000)
    }
}

private let foreignThreadName = Locked<String>("")

private final class SquareWorker: Thread, @unchecked Sendable {
    let input: Int
    let result = Locked<Int?>(nil)

    init(input: Int) {
        self.input = input
        super.init(name: "square")
    }

    override func run() throws {
        result.withLock { $0 = input * input }
    }
}
