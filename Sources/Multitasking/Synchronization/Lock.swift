import CMultitasking
import Glibc
import Synchronization

/// A mutual-exclusion lock, the lesson's `threading.Lock`.
///
/// One thread at a time holds it; `acquire()` blocks the others until `release()`. Like
/// Python's lock, it is not reentrant (a thread that acquires it twice waits for itself: use
/// `RLock` for that) and it may be released by a thread other than the one that acquired it.
///
/// ```swift
/// let lock = Lock(name: "counter")
/// lock.withLock { counter += 1 }
/// ```
///
/// The uncontended path is one compare-and-swap; a waiter spins briefly, then sleeps on a futex.
public final class Lock: Lockable, DiagnosableLock, @unchecked Sendable {
    /// The name used in deadlock and lock-order reports.
    public let name: String
    let id: UInt64
    private let word: UnsafeMutablePointer<UInt32>
    private let owner = Atomic<UInt>(0)

    /// Creates an unlocked lock. Without a name, reports call it by where it was created.
    public init(name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        id = SerialNumbers.next("Lock")
        self.name = name ?? "Lock#\(id) (\(fileID):\(line))"
        word = .allocate(capacity: 1)
        word.initialize(to: 0)
        Diagnostics.configureFromEnvironmentOnce()
    }

    deinit { word.deallocate() }

    public func acquire() {
        _ = acquire(until: nil)
    }

    @discardableResult
    public func acquire(timeout: Duration) -> Bool {
        acquire(until: Deadline(after: timeout))
    }

    public func tryAcquire() -> Bool {
        if mt_diagnostic_flags() != 0 {
            return Diagnostics.instrumentedAcquire(self, until: Deadline(after: .zero))
        }
        return attemptAcquire(until: Deadline(after: .zero))
    }

    public func release() throws(SynchronizationError) {
        if mt_diagnostic_flags() != 0 { Diagnostics.willRelease(self) }
        owner.store(0, ordering: .relaxed)
        guard mt_futex_lock_release(word) else { throw .releasedUnlocked(lock: name) }
        if mt_diagnostic_flags() != 0 { Diagnostics.didRelease(self) }
    }

    /// Whether some thread holds the lock right now (a snapshot that may change at once).
    public var isLocked: Bool { mt_futex_lock_is_locked(word) }

    /// Whether the calling thread is the one holding the lock.
    public var isHeldByCurrentThread: Bool {
        owner.load(ordering: .relaxed) == pthread_self()
    }

    // MARK: Internals

    var ownerPthread: UInt { owner.load(ordering: .relaxed) }

    private var waitSubject: WaitSubject {
        WaitSubject(word: .lock(word), phrase: "lock '\(name)'", lock: self)
    }

    func acquire(until deadline: Deadline?) -> Bool {
        if mt_diagnostic_flags() != 0 {
            return Diagnostics.instrumentedAcquire(self, until: deadline)
        }
        return attemptAcquire(until: deadline)
    }

    func attemptAcquire(until deadline: Deadline?) -> Bool {
        // A deadline already past is a try: no spinning, no system call.
        let acquired = mt_futex_lock_try(word)
            || (!(deadline?.hasPassed ?? false) && BlockingWait.wait(for: waitSubject, until: deadline) { deadline in
                Deadline.with(deadline) { mt_futex_lock_wait(word, $0) }
            })
        if acquired { owner.store(pthread_self(), ordering: .relaxed) }
        return acquired
    }
}
