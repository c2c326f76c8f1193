import CMultitasking
import Glibc
import Synchronization

/// A child process running Swift code, the lesson's `multiprocessing.Process`.
///
/// Give it a closure, or subclass it and override `run()`; then `start()` it and `join()` it:
///
/// ```swift
/// let mailer = Process(name: "mailer") { sendMail() }
/// try mailer.start()
/// try mailer.join()
/// print(mailer.exitCode!)   // 0
/// ```
///
/// **Fork semantics.** `start()` forks: the child begins with a *copy* of the parent's memory,
/// so it sees every variable as it was at `start()`, and what it changes stays in its copy (the
/// lesson's isolation exercise). Share data on purpose with `SharedValue`, `SharedArray`,
/// `ProcessQueue` or `Pipe`.
///
/// **Safe in multi-threaded programs.** A plain `fork()` in a program with other threads can
/// leave the child waiting for ever on a Swift runtime lock that another thread held at that
/// moment. The runtime forks only when no thread holds one (see `mt_process.h`, "the fork
/// gate"), so the child may do any ordinary Swift work: strings, collections, generics, casts.
/// Still avoid Foundation, Dispatch and `async` code in a forked child: their own locks and
/// worker threads are not covered (use threads started in the child instead).
///
/// **Ending.** The child ends when `run()` returns (exit code 0), throws (exit code 1, and the
/// error's description is reported on standard error and in `failure`), or traps or is killed
/// (exit code minus the signal number, as in Python). A child that calls `exit()` leaves at once
/// with that status. Every child is reaped: `join()` does it, and finished children that are
/// never joined are reaped by the runtime in the background, so no zombie is left behind.
///
/// **Daemons.** When the parent's program ends, daemon children are terminated and the others
/// are waited for, as in Python. A daemon child is also killed when the parent dies (from
/// SIGKILL, say), through `PR_SET_PDEATHSIG`; Linux sends that signal when the *thread* that
/// started the daemon ends, so start daemons from a thread that lives as long as they should.
/// A daemon may not start children of its own.
open class Process: CustomStringConvertible, @unchecked Sendable {
    enum Phase { case created, running, finished }

    struct State {
        var phase = Phase.created
        var pid: pid_t = 0
        /// A pidfd of the child: readable once it has ended (join waits on it; opened on demand).
        var pidfd: Int32 = -1
        /// Read end of the pipe on which the child reports why it failed.
        var reportFD: Int32 = -1
        var exitCode: Int32?
        var report = ""
    }

    /// The process's name, used in every report about it. Defaults to `Process-N`.
    public let name: String
    /// Daemon children are terminated when the parent's program ends, and die with the parent.
    public let daemon: Bool

    let isMainProcess: Bool
    private let target: (@Sendable () throws -> Void)?
    /// How a crash report of the child begins, as C text made here: converting a String for C in
    /// the child would allocate there, and in `start()` it would cost the parent an allocation
    /// per child on pages that each fork makes copy-on-write.
    private let crashReportPrefix: ContiguousArray<CChar>
    let state = Protected(State())

    private static let nameCounter = Atomic<Int>(0)

    /// A process that will run `target` in a child.
    public init(name: String? = nil, daemon: Bool = false, target: @escaping @Sendable () throws -> Void) {
        self.name = name ?? "Process-\(Self.nameCounter.add(1, ordering: .relaxed).newValue)"
        (self.daemon, self.target, isMainProcess) = (daemon, target, false)
        crashReportPrefix = ContiguousArray("process '\(self.name)'".utf8CString)
    }

    /// A process for a subclass that overrides `run()`.
    public init(name: String? = nil, daemon: Bool = false) {
        self.name = name ?? "Process-\(Self.nameCounter.add(1, ordering: .relaxed).newValue)"
        (self.daemon, self.target, isMainProcess) = (daemon, nil, false)
        crashReportPrefix = ContiguousArray("process '\(self.name)'".utf8CString)
    }

    /// The object that stands for the program's own process (`currentProcess()` in the parent).
    init(mainProcessNamed name: String) {
        (self.name, daemon, target, isMainProcess) = (name, false, nil, true)
        crashReportPrefix = []
        state.withLock {
            $0.phase = .running
            $0.pid = getpid()
        }
    }

    deinit {
        let (pidfd, reportFD) = state.withLock { ($0.pidfd, $0.reportFD) }
        if pidfd >= 0 { close(pidfd) }
        if reportFD >= 0 { close(reportFD) }
    }

    /// The work of the process. The default runs the `target` closure; subclasses override it.
    /// Do not call it yourself: that runs the work in the *calling* process. Call `start()`.
    open func run() throws {
        try target?()
    }

    // MARK: Life cycle

    /// Starts the child process, which runs `run()` on a copy of this program's memory.
    /// - Throws: `ProcessError.alreadyStarted` on a second call, `.daemonCannotHaveChildren`
    ///   inside a daemon, `.startFailed` when the system refuses, `.runtimeNeverQuiet` when
    ///   another thread kept a Swift runtime lock for seconds.
    public func start() throws(ProcessError) {
        if let me = ProcessContext.currentChild, me.daemon {
            throw .daemonCannotHaveChildren(process: name, daemon: me.name)
        }
        let firstStart = state.withLock { state -> Bool in
            guard state.phase == .created, !isMainProcess else { return false }
            state.phase = .running
            return true
        }
        guard firstStart else { throw .alreadyStarted(process: name) }
        // Made before the fork, so that the child inherits them ready: the calling thread's
        // Thread object, the registry, the reaper and the exit handler.
        _ = Thread.current
        let registry = ProcessRegistry.current
        registry.prepareForChildren()
        let childRegistry = ProcessRegistry.forNextChild()
        let epilogue = ChildEpilogue.forCallingThread()

        var reportPipe: [Int32] = [-1, -1]
        let pipeError = mt_report_pipe(&reportPipe)
        guard pipeError == 0 else {
            let error = pipeError
            state.withLock { $0.phase = .created }
            throw .startFailed(process: name, errno: error)
        }
        let parent = getpid()
        let forked = mt_fork_quiesced(Self.quietTimeoutNanoseconds)
        if forked.pid == 0 {
            close(reportPipe[0])
            runAsChild(reportFD: reportPipe[1], parent: parent, registry: childRegistry, epilogue: epilogue)
        }
        close(reportPipe[1])
        guard forked.pid > 0 else {
            close(reportPipe[0])
            state.withLock { $0.phase = .created }
            if forked.error == ETIMEDOUT { throw .runtimeNeverQuiet(process: name) }
            throw .startFailed(process: name, errno: forked.error)
        }
        state.withLock {
            $0.pid = forked.pid
            $0.reportFD = reportPipe[0]
        }
        registry.register(self, pid: forked.pid)
    }

    /// Waits until the process has ended, and reaps it.
    /// - Throws: `ProcessError.notStarted` before `start()`, `.joinedItself` from the process itself.
    public func join() throws(ProcessError) {
        _ = try join(until: 0)
    }

    /// Waits at most `timeout` for the process to end; returns whether it ended.
    @discardableResult
    public func join(timeout: Duration) throws(ProcessError) -> Bool {
        try join(until: Deadline(after: timeout).nanoseconds)
    }

    /// Whether the process has started and not yet ended. (Right after `terminate()` it may
    /// still be alive for a moment, as in Python.)
    public var isAlive: Bool {
        if isMainProcess || self === ProcessContext.currentChild { return true }
        let phase = state.withLock { $0.phase }
        return phase == .running && !reapIfFinished()
    }

    /// Asks the process to end (SIGTERM). Code it runs at exit is skipped, like in Python.
    public func terminate() throws(ProcessError) {
        try signal(SIGTERM)
    }

    /// Ends the process at once (SIGKILL); it cannot refuse.
    public func kill() throws(ProcessError) {
        try signal(SIGKILL)
    }

    /// How the process ended: 0 for success, the status it exited with, or minus the number of
    /// the signal that ended it (-9 after `kill()`, -15 after `terminate()`). Nil while it runs.
    public var exitCode: Int32? {
        if !isMainProcess { _ = reapIfFinished() }
        return state.withLock { $0.exitCode }
    }

    /// The operating system's id of the process; nil before `start()`.
    public var pid: Int32? {
        if self === ProcessContext.currentChild { return getpid() }
        let pid = state.withLock { $0.pid }
        return pid == 0 ? nil : pid
    }

    /// Why the process failed, in words, once it has ended with a non-zero exit code: the
    /// error it threw, the trap or signal that ended it. Nil while it runs and after success.
    public var failure: String? {
        guard let code = exitCode, code != 0 else { return nil }
        let report = state.withLock { $0.report }
        if !report.isEmpty { return report }
        if code < 0 {
            return "process '\(name)' was ended by \(signalName(-code))"
        }
        return "process '\(name)' exited with status \(code)"
    }

    public var description: String {
        if isMainProcess { return "<Process '\(name)' pid=\(getpid()) started>" }
        let (phase, pid, code) = state.withLock { ($0.phase, $0.pid, $0.exitCode) }
        var text = "<Process '\(name)'"
        if pid != 0 { text += " pid=\(pid)" }
        switch phase {
        case .created: text += " initial"
        case .running: text += " started"
        case .finished: text += " stopped exitcode=\(code.map(String.init) ?? "?")"
        }
        if daemon { text += " daemon" }
        return text + ">"
    }

    // MARK: Internals

    /// How long `start()` waits for a moment without runtime locks before it gives up.
    static let quietTimeoutNanoseconds: Int64 = 5_000_000_000

    /// `deadline` in CLOCK_MONOTONIC nanoseconds, 0 for never.
    private func join(until deadline: UInt64) throws(ProcessError) -> Bool {
        if self === ProcessContext.currentChild || isMainProcess { throw .joinedItself(process: name) }
        let phase = state.withLock { $0.phase }
        if phase == .created { throw .notStarted(process: name) }
        Diagnostics.perturb()
        while true {
            if reapIfFinished() { return true }
            if deadline != 0 && mt_monotonic_now() >= deadline { return false }
            let pidfd = endingDescriptor()
            if pidfd >= 0 {
                if mt_wait_readable(pidfd, deadline) < 0 { usleep(1000) }
            } else {
                usleep(1000)  // no pidfd on this kernel: look again soon
            }
        }
    }

    /// A pidfd of the child, readable once it has ended; -1 when it cannot be had. Opened when a
    /// join first has to wait, not at start: most children of a program that starts many have
    /// ended by the time they are joined, and then the two system calls are saved.
    private func endingDescriptor() -> Int32 {
        state.withLock { state in
            // Not reaped yet (reaping happens under this lock), so the pid is still our child's.
            if state.pidfd < 0 && state.phase == .running && state.pid > 0 { state.pidfd = mt_pidfd_open(state.pid) }
            return state.pidfd
        }
    }

    private func signal(_ signal: Int32) throws(ProcessError) {
        if self === ProcessContext.currentChild || isMainProcess {
            Glibc.kill(getpid(), signal)
            return
        }
        let started = state.withLock { state -> Bool in
            switch state.phase {
            case .created: return false
            case .running: Glibc.kill(state.pid, signal)  // not reaped yet, so the pid is still ours
            case .finished: break
            }
            return true
        }
        if !started { throw .notStarted(process: name) }
    }

    /// Reaps the child if it has ended; returns whether it has ended (and was reaped).
    @discardableResult
    func reapIfFinished() -> Bool {
        let ended = state.withLock { state -> Bool in
            switch state.phase {
            case .created: return false
            case .finished: return true
            case .running:
                guard state.pid > 0 else { return false }
                var code: Int32 = 0
                switch mt_reap(state.pid, &code) {
                case 0: return false
                case 1: state.exitCode = code
                default:
                    // Somebody else reaped it (SIGCHLD ignored, or a waitpid(-1) elsewhere).
                    state.exitCode = 255
                    state.report = "process '\(name)' was reaped by other code: its exit status is unknown"
                }
                if state.reportFD >= 0 {
                    let report = Self.readReport(from: state.reportFD)
                    if !report.isEmpty { state.report = report }
                    close(state.reportFD)
                    state.reportFD = -1
                }
                state.phase = .finished
                return true
            }
        }
        if ended { ProcessRegistry.current.remove(self, pid: state.withLock { $0.pid }) }
        return ended
    }

    private static func readReport(from descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536 {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got <= 0 { break }
            bytes += buffer[0..<got]
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        return text
    }

    /// The child's side of `start()`. Never returns.
    private func runAsChild(reportFD: Int32, parent: pid_t, registry: ProcessRegistry, epilogue: (@Sendable () -> Void)?) -> Never {
        mt_child_after_fork(daemon, parent)
        ProcessContext.enterChild(self, reportFD: reportFD, registry: registry)
        crashReportPrefix.withUnsafeBufferPointer { mt_child_install_crash_report(reportFD, $0.baseAddress) }
        var status: Int32 = 0
        do {
            try run()
        } catch {
            let message = "process '\(name)' failed: \(error)"
            writeLineToStandardError("Multitasking: \(message)")
            var line = message + "\n"
            line.withUTF8 { _ = mt_write_all(reportFD, $0.baseAddress, $0.count) }
            status = 1
        }
        epilogue?()
        ProcessRegistry.current.finishChildrenAtExit()
        mt_child_exit(status)
    }
}
