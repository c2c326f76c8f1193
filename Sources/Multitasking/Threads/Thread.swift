import CMultitasking
import Glibc
import Synchronization

/// A thread of execution, the lesson's `threading.Thread`.
///
/// Give it a closure, or subclass it and override `run()`; then `start()` it and `join()` it:
///
/// ```swift
/// let worker = Thread(name: "mailer") { sendMail() }
/// try worker.start()
/// try worker.join()
/// ```
///
/// A thread runs once. While it runs it is *alive* and listed by `enumerate()`. An error thrown
/// by its body, or a trap inside it, is reported on standard error with the thread's name.
///
/// **Subclasses.** Override `run()` and restate the conformance the class inherits:
///
/// ```swift
/// final class Downloader: Thread, @unchecked Sendable {
///     var bytes = 0                    // written by run(), read after join()
///     override func run() throws { bytes = try download() }
/// }
/// ```
///
/// `@unchecked` is honest here: a thread object is touched by the thread that starts it and by
/// the thread that runs it. `start()` and `join()` order those accesses (everything `run()`
/// wrote is visible after `join()` returns), which the compiler cannot see.
///
/// **Daemon threads.** When the program's main code ends, the runtime waits for every
/// non-daemon thread before the process exits, as Python does; daemon threads are not waited
/// for and die with the process. `Thread.waitForNonDaemonThreads()` does the same wait on demand.
open class Thread: CustomStringConvertible, @unchecked Sendable {
    enum Kind { case runtime, main, dummy }

    private enum Phase { case created, running, finished }

    private struct State {
        var phase = Phase.created
        var ident: UInt64?
        var nativeID: Int32?
        var error: (any Error)?
    }

    /// The thread's name, used in every report about it. Defaults to `Thread-N`.
    public let name: String
    /// Daemon threads are not waited for when the program ends.
    public let daemon: Bool

    let kind: Kind
    /// A process-wide serial number, also the thread's `ident` once started.
    let serial: UInt64
    private let target: (@Sendable () throws -> Void)?
    private let state = Protected(State())
    private let pthreadWord = Atomic<UInt>(0)
    private let started = FutexFlag()
    private let finished = FutexFlag()

    /// Per-thread data of the diagnostics; only they touch it.
    let diagnostics = ThreadDiagnostics()

    /// A thread that will run `target`.
    public init(
        name: String? = nil, daemon: Bool = false,
        target: @escaping @Sendable () throws -> Void
    ) {
        (kind, self.daemon, self.target) = (.runtime, daemon, target)
        serial = SerialNumbers.next("Thread")
        self.name = name ?? "Thread-\(SerialNumbers.next("Thread-name"))"
        Diagnostics.configureFromEnvironmentOnce()
    }

    /// A thread for a subclass that overrides `run()`.
    public init(name: String? = nil, daemon: Bool = false) {
        (kind, self.daemon, self.target) = (.runtime, daemon, nil)
        serial = SerialNumbers.next("Thread")
        self.name = name ?? "Thread-\(SerialNumbers.next("Thread-name"))"
        Diagnostics.configureFromEnvironmentOnce()
    }

    /// The main thread and threads the runtime did not create.
    init(kind: Kind, name: String) {
        (self.kind, self.name, self.target) = (kind, name, nil)
        daemon = kind == .dummy
        serial = SerialNumbers.next("Thread")
    }

    /// The work of the thread. The default runs the `target` closure; subclasses override it.
    /// Do not call it yourself: that runs the work on the *calling* thread. Call `start()`.
    open func run() throws {
        try target?()
    }

    // MARK: Life cycle

    /// Starts the thread: `run()` begins on a new operating-system thread.
    /// - Throws: `ThreadError.alreadyStarted` on a second call.
    public func start() throws(ThreadError) {
        let firstStart = state.withLock { state -> Bool in
            guard state.phase == .created, kind == .runtime else { return false }
            state.phase = .running
            state.ident = serial
            return true
        }
        guard firstStart else { throw .alreadyStarted(thread: name) }
        _ = ThreadRegistry.current()  // the starter takes part in the stall check from now on
        mt_install_crash_reporter()
        if !daemon { ThreadExit.waitForNonDaemonThreadsAtExit() }
        ThreadRegistry.insert(self)
        if mt_diagnostic_flags() & DiagnosticFlag.explore != 0 { Explorer.willStart(self) }
        let box = Unmanaged.passRetained(self).toOpaque()
        let result = mt_start_detached_thread(threadEntry, box)
        guard result == 0 else {
            Unmanaged<Thread>.fromOpaque(box).release()
            finish(error: nil)
            throw .creationFailed(thread: name, errno: result)
        }
        Diagnostics.perturb()
    }

    /// Waits until the thread has finished.
    /// - Throws: `ThreadError.notStarted` before `start()`, `.joinedItself` from the thread itself.
    public func join() throws(ThreadError) {
        _ = try join(until: nil)
    }

    /// Waits at most `timeout` for the thread to finish; returns whether it finished.
    @discardableResult
    public func join(timeout: Duration) throws(ThreadError) -> Bool {
        try join(until: Deadline(after: timeout))
    }

    /// Whether the thread has started and not yet finished.
    public var isAlive: Bool {
        state.withLock { $0.phase == .running }
    }

    /// The runtime's identifier for the thread, unique in the process; nil before `start()`.
    public var ident: UInt64? {
        state.withLock { $0.ident }
    }

    /// The kernel's id for the thread (as `ps -L` shows), once it runs; nil before `start()`.
    public var nativeID: Int32? {
        guard ident != nil else { return nil }
        _ = started.wait(until: nil, for: "thread '\(name)' to start")
        return state.withLock { $0.nativeID }
    }

    /// The error the thread's body threw, if it threw one.
    public var error: (any Error)? {
        state.withLock { $0.error }
    }

    public var description: String {
        let phase = state.withLock { $0.phase }
        let status = switch phase {
        case .created: "initial"
        case .running: "started"
        case .finished: "stopped"
        }
        return "<Thread '\(name)' \(status)\(daemon ? " daemon" : "")>"
    }

    // MARK: Internals

    /// `pthread_self()` of the thread while it runs, 0 otherwise.
    var pthread: UInt { pthreadWord.load(ordering: .relaxed) }

    private func join(until deadline: Deadline?) throws(ThreadError) -> Bool {
        let phase = state.withLock { $0.phase }
        if phase == .created && kind == .runtime { throw .notStarted(thread: name) }
        if ThreadRegistry.current() === self { throw .joinedItself(thread: name) }
        Diagnostics.perturb()
        return finished.wait(until: deadline, for: "thread '\(name)' to finish")
    }

    func markRunning(pthread: UInt, nativeID: Int32) {
        pthreadWord.store(pthread, ordering: .relaxed)
        state.withLock {
            $0.phase = .running
            $0.ident = serial
            $0.nativeID = nativeID
        }
        started.raise()
    }

    /// Runs on the new thread: sets up its context, runs the body, reports an error.
    fileprivate func bootstrap() {
        mt_set_current_thread_object(Unmanaged.passUnretained(self).toOpaque())
        mt_set_crash_name(name)
        mt_set_os_thread_name(name)
        markRunning(pthread: pthread_self(), nativeID: mt_gettid())
        if mt_diagnostic_flags() & DiagnosticFlag.explore != 0 { Explorer.threadBegins(self) }
        Diagnostics.perturbOutsideExploration()
        var thrown: (any Error)?
        do {
            try run()
        } catch {
            thrown = error
            Diagnostics.threadFailed(self, error: error)
        }
        mt_set_current_thread_object(nil)
        finish(error: thrown)
        if mt_diagnostic_flags() & DiagnosticFlag.explore != 0 { Explorer.threadEnded(self) }
    }

    /// In a forked child: this thread stayed behind in the parent.
    func markGoneAfterFork() {
        pthreadWord.store(0, ordering: .relaxed)
        state.withLock { $0.phase = .finished }
        started.raise()
        finished.raise()
    }

    private func finish(error: (any Error)?) {
        ThreadRegistry.remove(self)
        pthreadWord.store(0, ordering: .relaxed)
        state.withLock {
            $0.phase = .finished
            $0.error = error
        }
        started.raise()
        finished.raise()
    }
}

private func threadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let thread = Unmanaged<Thread>.fromOpaque(context!).takeRetainedValue()
    thread.bootstrap()
    return nil
}
