import Glibc

/// Makes this test process leave at exit without waiting for threads stuck in a deadlock.
///
/// The exercise's threads are not daemons: stuck in a deadlock, they would keep the process
/// alive at exit (the runtime waits for non-daemon threads, as Python does), and the suite would
/// end in the grader's timeout instead of its failures. Call this once a test has seen them
/// stuck and recorded why. The handler is registered after the runtime's, so it runs first;
/// it flushes the standard streams because `_exit` does not.
public func leaveStuckThreadsBehindAtExit() {
    atexit {
        fflush(nil)
        _exit(1)
    }
}
