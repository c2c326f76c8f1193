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
    private let core = LockWord()

    /// Creates an unlocked lock. Without a name, reports call it by where it was created.
    public init(name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        id = SerialNumbers.next("Lock")
        self.name = name ?? "Lock#\(id) (\(fileID):\(line))"
        Diagnostics.configureFromEnvironmentOnce()
    }

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
        guard core.release() else { throw .releasedUnlocked(lock: name) }
        if mt_diagnostic_flags() != 0 { Diagnostics.didRelease(self) }
    }

    /// Whether some thread holds the lock right now (a snapshot that may change at once).
    public var isLocked: Bool { core.isLocked }

    /// Whether the calling thread is the one holding the lock.
    public var isHeldByCurrentThread: Bool {
        core.isHeldByCurrentThread
    }

    // MARK: Internals

    var ownerPthread: UInt { core.ownerPthread }

    private var waitSubject: WaitSubject {
        WaitSubject(word: .lock(core.word), phrase: "lock '\(name)'", lock: self)
    }

    func acquire(until deadline: Deadline?) -> Bool {
        if mt_diagnostic_flags() != 0 {
            return Diagnostics.instrumentedAcquire(self, until: deadline)
        }
        return attemptAcquire(until: deadline)
    }

    func attemptAcquire(until deadline: Deadline?) -> Bool {
        core.attemptAcquire(until: deadline, as: waitSubject)
    }
}
