/// What the diagnostics (deadlock detector, lock-order graph) need to know about a lock.
protocol DiagnosableLock: AnyObject, Sendable {
    /// A process-wide serial number, never reused.
    var id: UInt64 { get }
    var name: String { get }
    /// `pthread_self()` of the holder, 0 when free.
    var ownerPthread: UInt { get }
    /// One attempt to take the underlying lock word, giving up at `deadline` (nil: never).
    func attemptAcquire(until deadline: Deadline?) -> Bool
}
