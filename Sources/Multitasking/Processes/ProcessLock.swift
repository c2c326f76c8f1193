import CMultitasking
import Glibc

/// A lock shared by a process and the children it starts afterwards, the lesson's
/// `multiprocessing.Lock` (the train-ticket exercise).
///
/// Create it before `start()`; every child then uses the same lock:
///
/// ```swift
/// let lock = ProcessLock(name: "tickets")
/// let buyer = Process { lock.withLock { buyTicket() } }
/// ```
///
/// It is a lock word in shared memory (`mt_robust_lock`): one compare-and-swap to take, one
/// exchange to give back, a futex to sleep on. **Robust** means a holder that dies (killed with
/// SIGKILL, say) does not wedge the others, as it would in Python: the word names the holder's
/// thread, a waiter checks every 20 ms that this thread still exists, and when it does not, the
/// waiter takes the lock over and `acquiredFromDeadOwner` tells it that the data the lock guards
/// may be half updated. Like Python's lock it is not reentrant: the holder that acquires it
/// again waits for itself (use `ProcessRLock`). Only the holder may release it.
public final class ProcessLock: ProcessMutexLock, @unchecked Sendable {
    /// An unlocked lock. Without a name, reports call it by where it was created.
    public init(name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        super.init(kind: "ProcessLock", recursive: false, name: name, fileID: fileID, line: line)
    }
}

/// A reentrant process lock (`multiprocessing.RLock`): its holder may acquire it again, and it
/// is free for others after as many releases. Robust like `ProcessLock`.
public final class ProcessRLock: ProcessMutexLock, @unchecked Sendable {
    public init(name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        super.init(kind: "ProcessRLock", recursive: true, name: name, fileID: fileID, line: line)
    }

    /// How many times the calling thread holds the lock (0 when it does not).
    public var recursionCount: Int {
        isHeldByCurrentThread ? Int(lockWord.pointee.depth) : 0
    }
}

/// What `ProcessLock` and `ProcessRLock` share: a robust lock word in a shared mapping.
public class ProcessMutexLock: Lockable, @unchecked Sendable {
    /// The name used in error messages.
    public let name: String
    let lockWord: UnsafeMutablePointer<mt_robust_lock>
    private let mapping: SharedMapping

    init(kind: String, recursive: Bool, name: String?, fileID: StaticString, line: UInt) {
        self.name = name ?? "\(kind) (\(fileID):\(line))"
        // A lock that cannot be made is a program that cannot run its lesson: fail loudly.
        do {
            let mapping = try SharedMapping(bytes: MemoryLayout<mt_robust_lock>.stride, what: "\(kind) '\(self.name)'")
            self.mapping = mapping
            lockWord = mapping.base.bindMemory(to: mt_robust_lock.self, capacity: 1)
        } catch {
            fatalError("\(error)")
        }
        mt_robust_lock_init(lockWord, recursive)
    }

    /// Blocks until the calling thread holds the lock.
    public func acquire() {
        _ = lock(tryOnly: false, deadline: nil)
    }

    /// Waits at most `timeout` for the lock; returns whether it was acquired.
    @discardableResult
    public func acquire(timeout: Duration) -> Bool {
        lock(tryOnly: false, deadline: Deadline(after: timeout))
    }

    /// Takes the lock only if it is free right now; never blocks.
    public func tryAcquire() -> Bool {
        lock(tryOnly: true, deadline: nil)
    }

    /// Releases the lock (one level of a reentrant lock).
    /// - Throws: `SynchronizationError.releasedUnlocked` when nobody holds it,
    ///   `.releasedByNonOwner` when another process or thread holds it.
    public func release() throws(SynchronizationError) {
        Diagnostics.perturb()
        guard mt_robust_lock_release(lockWord) == 0 else {
            let ownerTID = mt_robust_lock_owner_tid(lockWord)
            if ownerTID == 0 { throw .releasedUnlocked(lock: name) }
            throw .releasedByNonOwner(
                lock: name, owner: "process \(lockWord.pointee.owner_pid) thread \(ownerTID)",
                caller: "process \(getpid()) thread \(mt_gettid())")
        }
    }

    /// Whether some process holds the lock right now (a snapshot that may change at once).
    public var isLocked: Bool { mt_robust_lock_owner_tid(lockWord) != 0 }

    /// Whether the calling thread of this process holds the lock.
    public var isHeldByCurrentThread: Bool { mt_robust_lock_held_by_caller(lockWord) }

    /// The pid of the process holding the lock, if any (a snapshot).
    public var ownerProcessID: Int32? {
        guard isLocked else { return nil }
        let pid = lockWord.pointee.owner_pid
        return pid == 0 ? nil : pid
    }

    /// True while the current holder got the lock from a process or thread that died holding
    /// it (the kernel told us so). The data it guards may be half updated: check or repair it.
    public var acquiredFromDeadOwner: Bool {
        isHeldByCurrentThread && lockWord.pointee.recovered_from_dead_owner != 0
    }

    private func lock(tryOnly: Bool, deadline: Deadline?) -> Bool {
        Diagnostics.perturb()
        let result = Deadline.with(deadline) { mt_robust_lock_acquire(lockWord, tryOnly, $0) }
        guard result == MT_LOCKED || result == MT_LOCKED_OWNER_DIED else { return false }
        if result == MT_LOCKED_OWNER_DIED {
            writeLineToStandardError(
                "Multitasking: \(name): the previous holder died holding it; the lock was recovered, the data it guards may be half updated")
        }
        Diagnostics.perturb()
        return true
    }
}

/// A region of shared memory, unmapped when the last reference in this process goes away.
final class SharedMapping: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let byteCount: Int

    init(bytes: Int, what: String) throws(ProcessError) {
        let size = max(bytes, 1)
        guard let base = mt_shared_map(size) else { throw .sharedMemoryUnavailable(what: what, errno: errno) }
        (self.base, byteCount) = (base, size)
    }

    deinit { mt_shared_unmap(base, byteCount) }
}
