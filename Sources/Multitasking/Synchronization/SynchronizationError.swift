/// Misuse of a synchronisation primitive, reported as an error instead of a crash so that a
/// student sees which lock, semaphore or barrier was misused and how.
public enum SynchronizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `release()` of a lock that nobody holds.
    case releasedUnlocked(lock: String)
    /// `release()` of a reentrant lock by a thread that does not own it.
    case releasedByNonOwner(lock: String, owner: String, caller: String)
    /// A `BoundedSemaphore` released more often than it was acquired.
    case overReleased(semaphore: String, limit: Int)
    /// `wait` or `notify` on a condition whose lock the calling thread does not hold.
    case conditionLockNotHeld(condition: String, operation: String)
    /// A `Barrier` that was aborted, reset, or timed out while threads waited at it.
    case brokenBarrier(barrier: String)

    public var description: String {
        switch self {
        case .releasedUnlocked(let lock):
            return "release() of lock '\(lock)', which is not locked"
        case .releasedByNonOwner(let lock, let owner, let caller):
            return "thread '\(caller)' cannot release lock '\(lock)': it is held by thread '\(owner)'"
        case .overReleased(let semaphore, let limit):
            return "BoundedSemaphore '\(semaphore)' released too many times (its limit is \(limit))"
        case .conditionLockNotHeld(let condition, let operation):
            return "\(operation)() on condition '\(condition)' needs its lock: acquire it first"
        case .brokenBarrier(let barrier):
            return "barrier '\(barrier)' is broken: a thread timed out, or it was aborted or reset while threads waited"
        }
    }
}
