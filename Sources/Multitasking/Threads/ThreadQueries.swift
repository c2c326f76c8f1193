import CMultitasking
import Glibc

// The lesson's module-level functions (`threading.current_thread()` and friends), and the
// static forms on `Thread`.

extension Thread {
    /// The thread that is running this code. Works on every thread: the main thread, runtime
    /// threads, and threads the runtime did not create (those get a `Dummy-N` object).
    public static var current: Thread { ThreadRegistry.current() }

    /// The process's main thread.
    public static var main: Thread { ThreadRegistry.mainThread }

    /// The name of the live thread whose `pthread_self()` is `pthread`, for reports.
    static func name(ofPthread pthread: UInt) -> String {
        ThreadRegistry.thread(ofPthread: pthread)?.name ?? "unknown thread 0x\(String(pthread, radix: 16))"
    }

    /// Blocks the calling thread for `duration` (the lesson's `time.sleep`).
    public static func sleep(for duration: Duration) {
        if _slowPath(mt_diagnostic_flags() & DiagnosticFlag.poolBlocking != 0) {
            PoolBlockingWatch.noteWait(for: "a sleep of \(duration)")
        }
        if _slowPath(mt_diagnostic_flags() & DiagnosticFlag.explore != 0) && Explorer.sleep(for: duration) { return }
        let nanoseconds = max(0, duration.saturatingNanoseconds)
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }

    /// Waits until every non-daemon thread has finished, including threads they start while
    /// we wait. The runtime calls it when the program ends; call it to wait earlier.
    public static func waitForNonDaemonThreads() {
        let me = ThreadRegistry.current()
        while true {
            let pending = ThreadRegistry.snapshot().filter { $0.kind == .runtime && !$0.daemon && $0 !== me }
            if pending.isEmpty { return }
            for thread in pending { try? thread.join() }
        }
    }
}

/// The thread running this code (`threading.current_thread()`).
public func currentThread() -> Thread { Thread.current }

/// The process's main thread (`threading.main_thread()`).
public func mainThread() -> Thread { Thread.main }

/// How many threads are alive, the main thread included (`threading.active_count()`).
public func activeCount() -> Int { ThreadRegistry.count }

/// Every live thread, in the order they were created (`threading.enumerate()`).
public func enumerate() -> [Thread] { ThreadRegistry.snapshot() }

/// Installs, once, the exit handler that gives non-daemon threads the lesson's meaning.
enum ThreadExit {
    private static let installed: Void = {
        atexit { Thread.waitForNonDaemonThreads() }
    }()

    static func waitForNonDaemonThreadsAtExit() { installed }
}
