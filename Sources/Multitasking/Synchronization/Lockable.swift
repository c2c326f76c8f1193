/// A lock that can be held, released, and used for a scoped critical section.
///
/// `Lock` and `RLock` conform, and so can a student's own lock in the exercises. The scoped
/// form is the one to prefer: it cannot forget the release, even when the body throws.
public protocol Lockable: AnyObject, Sendable {
    /// Blocks until the lock is held by the calling thread.
    func acquire()
    /// Waits at most `timeout` for the lock; returns whether it was acquired.
    func acquire(timeout: Duration) -> Bool
    /// Takes the lock only if it is free right now; never blocks.
    func tryAcquire() -> Bool
    /// Releases the lock.
    func release() throws(SynchronizationError)
}

extension Lockable {
    /// Runs `body` while holding the lock, and releases it afterwards, even when `body` throws.
    @inlinable
    public func withLock<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        acquire()
        defer { releaseAfterScope() }
        return try body()
    }

    /// The release at the end of `withLock`. The lock is held here unless `body` released it
    /// itself, which is a bug in the caller that must not pass silently.
    @usableFromInline
    func releaseAfterScope() {
        do {
            try release()
        } catch {
            fatalError("withLock: \(error) (the body released the lock itself)")
        }
    }
}
