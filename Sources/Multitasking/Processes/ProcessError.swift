import Glibc

/// Misuse or failure of a `Process`, a process lock or shared memory, reported as an error
/// instead of a crash, with the names a student gave.
public enum ProcessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `start()` called a second time: a process runs once.
    case alreadyStarted(process: String)
    /// `join()`, `terminate()` or `kill()` on a process that was never started.
    case notStarted(process: String)
    /// A process waiting for itself would wait for ever.
    case joinedItself(process: String)
    /// The operating system refused to create the process (errno from `fork`).
    case startFailed(process: String, errno: Int32)
    /// Another thread kept a Swift runtime lock for too long; forking then could hang the child.
    case runtimeNeverQuiet(process: String)
    /// A daemon process may not start children (as in Python): they would be orphaned when it
    /// is terminated with its parent.
    case daemonCannotHaveChildren(process: String, daemon: String)
    /// Shared memory could not be mapped (errno from `mmap`).
    case sharedMemoryUnavailable(what: String, errno: Int32)

    public var description: String {
        switch self {
        case .alreadyStarted(let process):
            return "process '\(process)' was already started: a process can be started only once"
        case .notStarted(let process):
            return "process '\(process)' has not been started: call start() first"
        case .joinedItself(let process):
            return "process '\(process)' cannot join itself: it would wait forever"
        case .startFailed(let process, let errno):
            return "cannot start process '\(process)': fork failed with errno \(errno) (\(errnoName(errno)))"
        case .runtimeNeverQuiet(let process):
            return "cannot start process '\(process)': another thread held a Swift runtime lock for too long, and forking then could hang the child"
        case .daemonCannotHaveChildren(let process, let daemon):
            return "cannot start process '\(process)': daemon process '\(daemon)' is not allowed to have children"
        case .sharedMemoryUnavailable(let what, let errno):
            return "cannot create \(what): mmap of shared memory failed with errno \(errno) (\(errnoName(errno)))"
        }
    }
}

/// `strerror`'s text for an errno value.
func errnoName(_ value: Int32) -> String {
    String(cString: strerror(value))
}

/// The name of a signal for messages ("SIGKILL").
func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGHUP: "SIGHUP"
    case SIGINT: "SIGINT"
    case SIGQUIT: "SIGQUIT"
    case SIGILL: "SIGILL"
    case SIGTRAP: "SIGTRAP"
    case SIGABRT: "SIGABRT"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    case SIGKILL: "SIGKILL"
    case SIGSEGV: "SIGSEGV"
    case SIGPIPE: "SIGPIPE"
    case SIGALRM: "SIGALRM"
    case SIGTERM: "SIGTERM"
    case SIGUSR1: "SIGUSR1"
    case SIGUSR2: "SIGUSR2"
    default: "signal \(signal)"
    }
}
