import CMultitasking
import Glibc

/// The one place every blocking wait of the runtime goes through: `Lock` and `RLock`
/// acquisition, condition waits (and so semaphores, events, barriers and every queue), and
/// `join`. With every check off it is one load of the diagnostic flags and a direct call of
/// the wait; the waits that reach it are about to sleep in the kernel anyway (an uncontended
/// lock never gets here), so the check costs nothing measurable.
///
/// With the deadlock or stall check on, the thread is entered in `WaitTable` for the time it
/// waits, and it sleeps in slices: after each slice it looks for a wait-for cycle of locks
/// through itself (`DeadlockDetector`) and for a process where every thread is blocked
/// (`StallDetector`).
enum BlockingWait {
    /// Waits by calling `attempt` (which sleeps on the subject's word until it may go on or the
    /// deadline it is given passes) until it succeeds or `deadline` passes; returns whether it
    /// succeeded. `attempt` may be called several times, with earlier deadlines.
    @inline(__always)
    static func wait(
        for subject: @autoclosure () -> WaitSubject, until deadline: Deadline?,
        _ attempt: (Deadline?) -> Bool
    ) -> Bool {
        if _slowPath(mt_diagnostic_flags() & DiagnosticFlag.watchesWaits != 0) {
            return monitored(subject(), until: deadline, attempt)
        }
        return attempt(deadline)
    }

    @inline(never)
    private static func monitored(
        _ subject: WaitSubject, until deadline: Deadline?, _ attempt: (Deadline?) -> Bool
    ) -> Bool {
        let flags = mt_diagnostic_flags()
        // A watched task's wait, which also looks whether it keeps the pool from running tasks.
        let pool = flags & DiagnosticFlag.poolBlocking != 0 ? PoolBlockingWatch.beginWait(for: subject.phrase) : nil
        defer { pool?.end() }
        if flags & DiagnosticFlag.explore != 0, let participant = Explorer.participant() {
            return participant.execution.block(participant, on: subject, until: deadline)
        }
        guard flags & (DiagnosticFlag.deadlock | DiagnosticFlag.stall) != 0 else {
            return pool?.wait(until: deadline, attempt) ?? attempt(deadline)
        }
        let me = pthread_self()
        WaitTable.begin(me, BlockedWait(thread: ThreadRegistry.current(), subject: subject, deadline: deadline))
        defer { WaitTable.end(me) }
        let interval = Diagnostics.options.deadlockCheckInterval
        // A zero interval means "look at once"; later looks still need some spacing.
        let spacing = max(interval, .milliseconds(10))
        var nextLook = interval == .zero ? Deadline(after: .zero) : Deadline(after: spacing)
        var cycles = DeadlockDetector.Sightings()
        var stalls = StallDetector.Sightings()
        while true {
            if attempt(Deadline.earliest(deadline, nextLook)) { return true }
            if let deadline, deadline.hasPassed { return false }
            if flags & DiagnosticFlag.deadlock != 0 && subject.lock != nil {
                DeadlockDetector.look(from: me, &cycles)
            }
            if flags & DiagnosticFlag.stall != 0 { StallDetector.look(&stalls) }
            pool?.look()
            nextLook = Deadline(after: spacing)
        }
    }
}

/// One thread's wait, as `WaitTable` keeps it.
struct BlockedWait: Sendable {
    let thread: Thread
    let subject: WaitSubject
    /// When the wait gives up by itself (nil: never).
    let deadline: Deadline?
}

/// The threads blocked in a monitored wait right now, keyed by `pthread_self()`, and a
/// generation that changes whenever a wait begins or ends: two looks that see the same
/// generation saw nothing happen in between.
enum WaitTable {
    private struct State {
        var waits: [UInt: BlockedWait] = [:]
        var generation: UInt64 = 0
    }

    private static let state = Protected(State())

    static func begin(_ pthread: UInt, _ wait: BlockedWait) {
        state.withLock {
            $0.waits[pthread] = wait
            $0.generation &+= 1
        }
    }

    static func end(_ pthread: UInt) {
        state.withLock {
            $0.waits.removeValue(forKey: pthread)
            $0.generation &+= 1
        }
    }

    static func snapshot() -> (waits: [UInt: BlockedWait], generation: UInt64) {
        state.withLock { ($0.waits, $0.generation) }
    }
}
