import CMultitasking
import Glibc
import Synchronization

/// A reentrant lock, the lesson's `threading.RLock`.
///
/// The thread that holds it may acquire it again; it is free for others only after as many
/// releases as acquisitions. Only the owner may release it: anything else is an error naming
/// both threads.
public final class RLock: Lockable, DiagnosableLock, @unchecked Sendable {
    public let name: String
    let id: UInt64
    private let core = LockWord()
    /// How many times the owner holds it. Only the owner reads or writes it.
    private var depth = 0

    public init(name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        id = SerialNumbers.next("Lock")
        self.name = name ?? "RLock#\(id) (\(fileID):\(line))"
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
        acquire(until: Deadline(after: .zero))
    }

    public func release() throws(SynchronizationError) {
        let me = pthread_self()
        let holder = core.ownerPthread
        guard holder == me else {
            if holder == 0 { throw .releasedUnlocked(lock: name) }
            throw .releasedByNonOwner(
                lock: name, owner: Thread.name(ofPthread: holder), caller: Thread.current.name)
        }
        depth -= 1
        if depth == 0 { releaseWord() }
    }

    /// How many times the calling thread holds the lock (0 when it does not).
    public var recursionCount: Int { isHeldByCurrentThread ? depth : 0 }

    public var isHeldByCurrentThread: Bool {
        core.isHeldByCurrentThread
    }

    /// The thread holding the lock, if any.
    public var owningThread: Thread? {
        let holder = core.ownerPthread
        return holder == 0 ? nil : ThreadRegistry.thread(ofPthread: holder)
    }

    // MARK: Internals

    var ownerPthread: UInt { core.ownerPthread }

    private var waitSubject: WaitSubject {
        WaitSubject(word: .lock(core.word), phrase: "lock '\(name)'", lock: self)
    }

    func acquire(until deadline: Deadline?) -> Bool {
        if isHeldByCurrentThread {
            depth += 1
            return true
        }
        let acquired = mt_diagnostic_flags() != 0
            ? Diagnostics.instrumentedAcquire(self, until: deadline)
            : attemptAcquire(until: deadline)
        if acquired { depth = 1 }
        return acquired
    }

    func attemptAcquire(until deadline: Deadline?) -> Bool {
        core.attemptAcquire(until: deadline, as: waitSubject)
    }

    private func releaseWord() {
        if mt_diagnostic_flags() != 0 { Diagnostics.willRelease(self) }
        _ = core.release()
        if mt_diagnostic_flags() != 0 { Diagnostics.didRelease(self) }
    }

    /// For `Condition.wait`: releases every level at once and returns the depth to restore.
    func releaseAllLevels() -> Int {
        let saved = depth
        depth = 0
        releaseWord()
        return saved
    }

    /// For `Condition.wait`: takes the lock again at the depth it had.
    func reacquire(depth saved: Int) {
        _ = acquire(until: nil)
        depth = saved
    }
}
