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
/// It is a robust, process-shared pthread mutex in shared memory. **Robust** means a holder that
/// dies (killed with SIGKILL, say) does not wedge the others, as it would in Python: the next
/// acquirer gets the lock, and `acquiredFromDeadOwner` tells it that the data the lock guards
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
        isHeldByCurrentThread ? Int(mutex.pointee.depth) : 0
    }
}

/// What `ProcessLock` and `ProcessRLock` share: a robust mutex at the start of a shared mapping.
public class ProcessMutexLock: Lockable, @unchecked Sendable {
    /// The name used in error messages.
    public let name: String
    let mutex: UnsafeMutablePointer<mt_process_mutex>
    private let mapping: SharedMapping?

    init(kind: String, recursive: Bool, name: String?, fileID: StaticString, line: UInt) {
        self.name = name ?? "\(kind) (\(fileID):\(line))"
        // A lock that cannot be made is a program that cannot run its lesson: fail loudly.
        do {
            let mapping = try SharedMapping(bytes: MemoryLayout<mt_process_mutex>.stride, what: "\(kind) '\(self.name)'")
            self.mapping = mapping
            mutex = mapping.base.bindMemory(to: mt_process_mutex.self, capacity: 1)
        } catch {
            fatalError("\(error)")
        }
        let result = mt_process_mutex_init(mutex, recursive)
        precondition(result == 0, "cannot initialise \(kind) '\(self.name)': errno \(result)")
    }

    /// A lock living inside a larger shared mapping (a shared value's or queue's own lock).
    init(embeddedAt mutex: UnsafeMutablePointer<mt_process_mutex>, name: String) {
        (self.mutex, self.name, mapping) = (mutex, name, nil)
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
        let result = mt_process_mutex_unlock(mutex)
        guard result == 0 else {
            let ownerPID = mutex.pointee.owner_pid
            if ownerPID == 0 { throw .releasedUnlocked(lock: name) }
            throw .releasedByNonOwner(
                lock: name, owner: "process \(ownerPID) thread \(mutex.pointee.owner_tid)",
                caller: "process \(getpid()) thread \(mt_gettid())")
        }
    }

    /// Whether some process holds the lock right now (a snapshot that may change at once).
    public var isLocked: Bool { mutex.pointee.owner_pid != 0 }

    /// Whether the calling thread of this process holds the lock.
    public var isHeldByCurrentThread: Bool { mt_process_mutex_held_by_caller(mutex) }

    /// The pid of the process holding the lock, if any (a snapshot).
    public var ownerProcessID: Int32? {
        let pid = mutex.pointee.owner_pid
        return pid == 0 ? nil : pid
    }

    /// True while the current holder got the lock from a process or thread that died holding
    /// it (the kernel told us so). The data it guards may be half updated: check or repair it.
    public var acquiredFromDeadOwner: Bool {
        isHeldByCurrentThread && mutex.pointee.recovered_from_dead_owner != 0
    }

    private func lock(tryOnly: Bool, deadline: Deadline?) -> Bool {
        Diagnostics.perturb()
        let result = Deadline.with(deadline) { mt_process_mutex_lock(mutex, tryOnly, $0) }
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
