import CMultitasking

/// For the course's checks, not for students (hence `@_spi`): code that every child process
/// started from one thread runs after its work, just before it ends.
///
/// The exercises promise that a function returns after every child it started has ended, but
/// children that only put a result and end are gone a moment later: a fixed sleep in place of
/// a join, or no join at all (the runtime reaps unjoined children), passes with them. A check
/// makes the children slow to end with an epilogue that waits, and from inside the children
/// sees which of their brothers and sisters are still there.
@_spi(CourseChecks)
public enum ChildEpilogue {
    /// The epilogue of each thread that set one, by the thread's kernel id: a child runs the
    /// one of the thread that started it.
    private static let byThread = Protected<[Int32: @Sendable () -> Void]>([:])

    /// Runs `body`; every child process that the calling thread starts meanwhile runs
    /// `epilogue` after its `run()` returns or throws, before it exits (with the status it
    /// would have had). A child that is killed, traps or calls `exit()` does not run it.
    public static func during<Value>(_ epilogue: @escaping @Sendable () -> Void, _ body: () throws -> Value) rethrows -> Value {
        let thread = mt_gettid()
        let outer = byThread.withLock { $0.updateValue(epilogue, forKey: thread) }
        defer { byThread.withLock { $0[thread] = outer } }
        return try body()
    }

    /// The epilogue for the children the calling thread starts; read before the fork, so the
    /// child has it in its copy of the stack.
    static func forCallingThread() -> (@Sendable () -> Void)? {
        byThread.withLock { $0[mt_gettid()] }
    }
}
