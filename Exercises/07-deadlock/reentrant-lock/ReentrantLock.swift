// Exercise reentrant-lock: Build a reentrant lock (chapter Deadlock).
// Read first: Exercises/07-deadlock/lesson.md, the section on reentrant-lock.
// Check it: swift run grade reentrant-lock    Stuck? swift run grade hint reentrant-lock

import Multitasking

/// A reentrant lock built from a plain `Lock`, an owner and a count: the thread that holds it
/// may acquire it again, and it is free for other threads only after as many releases as
/// acquisitions. Only the owner may release it.
///
/// Do not use the runtime's `RLock` here: build it. `Thread.current` is the calling thread;
/// compare threads with `===`.
public final class MyRLock: Lockable, @unchecked Sendable {
    public let name: String
    /// The lock other threads wait on; held from the first acquisition to the last release.
    private let lock: Lock
    /// `owner` and `count` are read by threads that do not hold `lock`: guard them with a
    /// second, briefly held lock (never held while you wait for `lock`).
    private let bookkeeping: Lock
    private var owner: Thread?
    private var count = 0

    public init(name: String) {
        self.name = name
        lock = Lock(name: name)
        bookkeeping = Lock(name: "\(name).bookkeeping")
    }

    public func acquire() {
        // TODO: if the calling thread owns the lock, count one more level; otherwise wait for
        // `lock`, then record the calling thread as the owner at one level.
    }

    public func acquire(timeout: Duration) -> Bool {
        // TODO: like acquire(), but wait at most `timeout` for `lock`; return whether you got it.
        return false
    }

    public func tryAcquire() -> Bool {
        // TODO: like acquire(), but never wait.
        return false
    }

    /// Gives back one level; the last one frees the lock for other threads.
    /// - Throws: `.releasedUnlocked(lock:)` if nobody holds it, `.releasedByNonOwner(lock:owner:caller:)`
    ///   (with the threads' names) if another thread does.
    public func release() throws(SynchronizationError) {
        // TODO: only the owner may release; count one level down, and at zero forget the owner
        // and release `lock`.
    }

    /// How many times the calling thread holds the lock (0 when it does not).
    public var recursionCount: Int {
        // TODO: the count if the calling thread is the owner, else 0.
        return 0
    }
}
