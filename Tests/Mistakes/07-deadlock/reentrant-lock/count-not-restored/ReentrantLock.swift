import Multitasking

/// A reentrant lock built from a plain `Lock`, an owner and a count: the thread that holds it
/// may acquire it again, and it is free for other threads only after as many releases as
/// acquisitions. Only the owner may release it.
public final class MyRLock: Lockable, @unchecked Sendable {
    public let name: String
    /// The lock other threads wait on; held from the first acquisition to the last release.
    private let lock: Lock
    /// Guards `owner` and `count`, which threads other than the owner read. Held only briefly,
    /// and never while waiting for `lock`, so the two are always taken in the same order.
    private let bookkeeping: Lock
    private var owner: Thread?
    private var count = 0

    public init(name: String) {
        self.name = name
        lock = Lock(name: name)
        bookkeeping = Lock(name: "\(name).bookkeeping")
    }

    public func acquire() {
        if enterAgainIfOwner() { return }
        lock.acquire()
        becomeOwner()
    }

    public func acquire(timeout: Duration) -> Bool {
        if enterAgainIfOwner() { return true }
        guard lock.acquire(timeout: timeout) else { return false }
        becomeOwner()
        return true
    }

    public func tryAcquire() -> Bool {
        if enterAgainIfOwner() { return true }
        guard lock.tryAcquire() else { return false }
        becomeOwner()
        return true
    }

    /// Gives back one level; the last one frees the lock for other threads.
    /// - Throws: `.releasedUnlocked` if nobody holds it, `.releasedByNonOwner` if another
    ///   thread does.
    public func release() throws(SynchronizationError) {
        let me = Thread.current
        try bookkeeping.withLock { () throws(SynchronizationError) in
            guard let holder = owner else { throw .releasedUnlocked(lock: name) }
            guard holder === me else {
                throw .releasedByNonOwner(lock: name, owner: holder.name, caller: me.name)
            }
            if count == 1 {
                owner = nil
                try lock.release()
            } else {
                count -= 1
            }
        }
    }

    /// How many times the calling thread holds the lock (0 when it does not).
    public var recursionCount: Int {
        let me = Thread.current
        return bookkeeping.withLock { owner === me ? count : 0 }
    }

    /// If the calling thread already holds the lock, counts one more level and returns true.
    private func enterAgainIfOwner() -> Bool {
        let me = Thread.current
        return bookkeeping.withLock {
            guard owner === me else { return false }
            count += 1
            return true
        }
    }

    /// Called right after taking `lock`: the calling thread owns it at one level.
    private func becomeOwner() {
        let me = Thread.current
        bookkeeping.withLock {
            owner = me
            count += 1
        }
    }
}
