import Synchronization

/// What the diagnostics keep per thread: the locks it holds, in order (for lock-order checks
/// and deadlock reports), and its perturbation random stream.
final class ThreadDiagnostics: Sendable {
    struct HeldLock: Sendable {
        let id: UInt64
        let name: String
    }

    /// Other threads read it (a lock may be released by another thread), hence the mutex.
    let heldLocks = Protected<[HeldLock]>([])
    /// Only the owning thread touches it; 0 means "not seeded yet".
    let randomState = Atomic<UInt64>(0)

    func didAcquire(_ lock: some DiagnosableLock) {
        heldLocks.withLock { $0.append(HeldLock(id: lock.id, name: lock.name)) }
    }

    func willRelease(_ lock: some DiagnosableLock) {
        heldLocks.withLock { held in
            if let index = held.lastIndex(where: { $0.id == lock.id }) { held.remove(at: index) }
        }
    }
}
