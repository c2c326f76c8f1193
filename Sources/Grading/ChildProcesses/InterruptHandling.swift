import Foundation
import Glibc
import Synchronization

/// On Ctrl-C or SIGTERM the grader stops every test and build it started, their escaped
/// descendants too, says so, and exits with 128 + the signal's number (130, 143), as shells do.
///
/// Why a thread that waits for the signals (`sigwait`) instead of a handler: finding the
/// descendants that left their process group means reading /proc and allocating, which a signal
/// handler must not do. The signals are blocked before the grader starts any thread (threads
/// inherit the mask), so they reach only the waiting thread; children are spawned with an empty
/// mask and default actions (`ChildProcess`), so they still react to signals. A handler stays
/// installed as a fallback for a thread that started earlier with the signals unblocked.
package func installInterruptHandler() {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    let waiter = Thread {
        var waitedFor = sigset_t()
        sigemptyset(&waitedFor)
        sigaddset(&waitedFor, SIGINT)
        sigaddset(&waitedFor, SIGTERM)
        var received: Int32 = 0
        guard sigwait(&waitedFor, &received) == 0 else { return }
        interrupting.store(true, ordering: .sequentiallyConsistent)
        RunningChildren.shared.killAll()
        for cleanup in interruptCleanups.withLock({ $0 }) { cleanup() }
        writeToStandardError("\n" + interruptionMessage(received) + "\n")
        _exit(128 + received)
    }
    waiter.start()
    let fallback: @convention(c) (Int32) -> Void = { signal in
        RunningChildren.shared.killGroups()
        _exit(128 + signal)
    }
    signal(SIGINT, fallback)
    signal(SIGTERM, fallback)
}

private let interruptCleanups = Mutex<[@Sendable () -> Void]>([])

/// Set when the grader is stopping for Ctrl-C or SIGTERM.
private let interrupting = Atomic<Bool>(false)

/// Parks the calling thread for good if the grader is stopping: a run whose child was just
/// killed by the interruption must not be reported (or cached) as a crash while the waiting
/// thread finishes and exits with 128 + the signal.
func stopIfInterrupted() {
    while interrupting.load(ordering: .sequentiallyConsistent) { sleep(1) }
}

/// Adds work to do on Ctrl-C or SIGTERM before the grader exits (`grade watch` puts the
/// terminal back in its normal mode).
package func addInterruptCleanup(_ cleanup: @escaping @Sendable () -> Void) {
    interruptCleanups.withLock { $0.append(cleanup) }
}

/// What the grader says when it is interrupted.
func interruptionMessage(_ signal: Int32) -> String {
    let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
    return "grade: interrupted by \(name); stopped the tests and builds it had started (this run's results were not saved)"
}
