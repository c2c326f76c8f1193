/// Misuse of a `Thread`, reported as an error instead of a crash.
public enum ThreadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `start()` called a second time: a thread runs once.
    case alreadyStarted(thread: String)
    /// `join()` on a thread that was never started.
    case notStarted(thread: String)
    /// A thread waiting for itself would wait forever.
    case joinedItself(thread: String)
    /// The operating system refused to create the thread (errno from `pthread_create`).
    case creationFailed(thread: String, errno: Int32)

    public var description: String {
        switch self {
        case .alreadyStarted(let thread):
            return "thread '\(thread)' was already started: a thread can be started only once"
        case .notStarted(let thread):
            return "cannot join thread '\(thread)' before it is started"
        case .joinedItself(let thread):
            return "thread '\(thread)' cannot join itself: it would wait forever"
        case .creationFailed(let thread, let errno):
            return "cannot start thread '\(thread)': pthread_create failed with errno \(errno)"
        }
    }
}
