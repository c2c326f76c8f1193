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
    /// Set while the thread only watches the others (`Diagnostics.asWatchdog`): the stall
    /// check does not count it among the threads that could still wake someone.
    let watchdogDepth = Atomic<Int>(0)

    var isWatchdog: Bool { watchdogDepth.load(ordering: .relaxed) > 0 }
    /// Whether a thread the runtime did not start (the main thread, a foreign one) has used it:
    /// asked for `Thread.current`, started a thread, or waited. One that never did (the main
    /// thread of a process whose work runs elsewhere) is not counted by the stall check.
    let usesRuntime = Atomic<Bool>(false)
    /// The thread's place in the explorer's execution, when it runs under the explorer.
    let participant = Protected<ControlledExecution.Participant?>(nil)

    func didAcquire(_ lock: some DiagnosableLock) {
        heldLocks.withLock { $0.append(HeldLock(id: lock.id, name: lock.name)) }
    }

    func willRelease(_ lock: some DiagnosableLock) {
        heldLocks.withLock { held in
            if let index = held.lastIndex(where: { $0.id == lock.id }) { held.remove(at: index) }
        }
    }
}
