import CMultitasking
import Glibc
import Synchronization

/// The children this process started and has not reaped yet. It reaps finished children that
/// nobody joins (so no zombie stays), and at the end of the program it terminates daemon
/// children and waits for the others, as Python does.
///
/// It only ever waits for its own pids, never `waitpid(-1)`: other code in the program (a
/// Foundation `Process`, a test runner) keeps its children.
final class ProcessRegistry: @unchecked Sendable {
    /// The registry of this process. A forked child gets a fresh one (`ProcessContext`): the
    /// copy it inherits lists its parent's children, and its lock may have been held by a parent
    /// thread at the moment of the fork. Written only in a child that has a single thread.
    nonisolated(unsafe) static var current = ProcessRegistry()

    /// A registry for children to take as theirs: made once in the parent and never used there,
    /// so that every child inherits it unused and need not allocate one. (Each page of heap or
    /// code a short child touches for the first time is a page fault: most of what it costs.)
    /// A child that starts children of its own makes a new one for each (`forNextChild`).
    private static let unusedInThisProgram = ProcessRegistry()

    /// The registry the next child started from this process will take as its own.
    static func forNextChild() -> ProcessRegistry {
        ProcessContext.currentChild == nil ? unusedInThisProgram : ProcessRegistry()
    }

    // Dictionary(), not [:]: a forked child makes a registry, and the literal's tuple-array type
    // would be new there (see keepOnlyCurrentThreadAfterFork).
    private let children = Protected<[pid_t: Process]>(Dictionary())
    private let prepared = Atomic<Bool>(false)
    /// Futex word for the reaper: 1 while there are children to look after.
    private let busy: UnsafeMutablePointer<UInt32>

    /// How often the reaper looks for finished children nobody joins.
    static let reaperInterval: useconds_t = 20_000

    init() {
        busy = .allocate(capacity: 1)
        busy.initialize(to: 0)
    }

    /// Starts the reaper and installs the exit handler, once; called before the first fork.
    ///
    /// A forked child gets no reaper thread: a thread started after a fork is a risk in some
    /// environments (ThreadSanitizer kills such a child), so a child reaps its finished children
    /// whenever it starts another one, and at its end.
    func prepareForChildren() {
        guard !prepared.exchange(true, ordering: .acquiringAndReleasing) else { return }
        ProcessExitHandler.install()
        guard ProcessContext.currentChild == nil else { return }
        let context = Unmanaged.passRetained(self).toOpaque()
        _ = mt_start_detached_thread(reaperEntry, context)
    }

    func register(_ process: Process, pid: pid_t) {
        if ProcessContext.currentChild != nil {
            for child in unreaped { child.reapIfFinished() }
        }
        children.withLock {
            $0[pid] = process
            mt_atomic_store(busy, 1)
        }
        mt_futex_wake_all(busy)
    }

    func remove(_ process: Process, pid: pid_t) {
        children.withLock { children in
            if children[pid] === process { children.removeValue(forKey: pid) }
            if children.isEmpty { mt_atomic_store(busy, 0) }
        }
    }

    /// Children started and not reaped yet, oldest first.
    var unreaped: [Process] {
        children.withLock { $0.sorted { $0.key < $1.key }.map(\.value) }
    }

    /// The end of a program (or of a child's `run()`): daemon children are terminated (SIGTERM,
    /// then SIGKILL after a second), the others are waited for.
    func finishChildrenAtExit() {
        // Most children start no children of their own: then there is nothing to sort or wait
        // for, and a child on its way out touches as little memory as it can (each page it
        // writes is a copy-on-write fault, the bulk of what a short child costs).
        // Read without the lock: taking it would write to the registry's page.
        if mt_atomic_load(busy) == 0 { return }
        let all = unreaped
        let daemons = all.filter(\.daemon)
        for daemon in daemons { try? daemon.terminate() }
        for daemon in daemons where !((try? daemon.join(timeout: .seconds(1))) ?? true) {
            try? daemon.kill()
            try? daemon.join()
        }
        for child in all where !child.daemon { try? child.join() }
    }

    fileprivate func reap() -> Never {
        while true {
            while mt_atomic_load(busy) == 0 { _ = mt_futex_wait_while_equal(busy, 0, nil) }
            reapEndedChildren()
            usleep(Self.reaperInterval)
        }
    }
}

extension ProcessRegistry {
    /// Reaps the children that have ended. The kernel names them one at a time (without reaping
    /// them, so a child that is not ours stays for its owner): with hundreds of children running,
    /// a waitpid for each of them every interval would cost more than the children themselves.
    fileprivate func reapEndedChildren() {
        while true {
            let pid = mt_some_ended_child()
            if pid <= 0 { return }
            guard let child = children.withLock({ $0[pid] }) else {
                // Another part of the program's child, which stays first in the kernel's answer
                // until its owner reaps it: look at each of ours instead.
                for child in unreaped { child.reapIfFinished() }
                return
            }
            if !child.reapIfFinished() { return }  // cannot happen; never spin on it
        }
    }
}

private func reaperEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    mt_set_os_thread_name("process-reaper")
    Unmanaged<ProcessRegistry>.fromOpaque(context!).takeUnretainedValue().reap()
}

/// At the normal end of the program: the lesson's daemon rule for processes.
enum ProcessExitHandler {
    private static let installed: Void = {
        atexit { ProcessRegistry.current.finishChildrenAtExit() }
    }()

    static func install() { installed }
}

/// What a forked child knows about itself. Written once, right after the fork, while the child
/// has a single thread; read-only afterwards.
enum ProcessContext {
    nonisolated(unsafe) private(set) static var currentChild: Process?
    nonisolated(unsafe) private(set) static var reportFD: Int32 = -1

    /// The object for the program's own process when it is not a child started by the runtime.
    static let mainProcess = Process(mainProcessNamed: "MainProcess")

    static func enterChild(_ process: Process, reportFD: Int32, registry: ProcessRegistry) {
        // Our parent's report pipe belongs to our parent's parent: a grandchild must not hold it.
        if self.reportFD >= 0 { close(self.reportFD) }
        currentChild = process
        self.reportFD = reportFD
        ProcessRegistry.current = registry
        ThreadRegistry.keepOnlyCurrentThreadAfterFork()
        // A child that calls exit() must not run the exit handlers it inherited: they belong to
        // the parent's program (they would wait for the parent's threads, which do not exist
        // here). Registered after the fork, this one runs first, and leaves with _exit.
        on_exit({ status, _ in
            ProcessRegistry.current.finishChildrenAtExit()
            mt_child_exit(status)
        }, nil)
    }
}

// MARK: The lesson's module-level functions

/// The process running this code (`multiprocessing.current_process()`): in a child started by
/// the runtime, its `Process` object; elsewhere an object named `MainProcess`.
public func currentProcess() -> Process {
    ProcessContext.currentChild ?? ProcessContext.mainProcess
}

/// The children of this process that are still running (`multiprocessing.active_children()`);
/// finished ones are reaped on the way.
public func activeChildren() -> [Process] {
    ProcessRegistry.current.unreaped.filter(\.isAlive)
}

/// The operating system's id of this process (`os.getpid()`).
public func currentProcessID() -> Int32 { getpid() }

/// The id of this process's parent (`os.getppid()`).
public func parentProcessID() -> Int32 { getppid() }
