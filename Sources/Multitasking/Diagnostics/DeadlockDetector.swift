import Glibc
import Synchronization

/// Finds real deadlocks: threads blocked on runtime locks in a cycle (T1 waits for a lock held
/// by T2, which waits for a lock held by T1). A waiting thread looks for a cycle through itself
/// after each `interval` of waiting, and reports it when it sees the same cycle twice in a row
/// (a `Lock` may be released by a thread other than its holder, so one sighting could be a
/// moment's coincidence; two sightings an interval apart are a deadlock).
enum DeadlockDetector {
    private struct Wait {
        let thread: Thread
        let lock: any DiagnosableLock
    }

    /// Who waits for which lock, keyed by `pthread_self()` of the waiter.
    private static let waits = Protected<[UInt: Wait]>([:])

    static func acquire(
        _ lock: some DiagnosableLock, until deadline: Deadline?, by thread: Thread, interval: Duration
    ) -> Bool {
        if lock.attemptAcquire(until: Deadline(after: .zero)) { return true }
        let me = pthread_self()
        waits.withLock { $0[me] = Wait(thread: thread, lock: lock) }
        defer { _ = waits.withLock { $0.removeValue(forKey: me) } }
        // A zero interval means "check at once"; later checks still need some spacing.
        let spacing = max(interval, .milliseconds(10))
        var nextCheck = interval == .zero ? Deadline(after: .zero) : Deadline(after: spacing)
        var previousCycle: String?
        while true {
            if lock.attemptAcquire(until: Deadline.earliest(deadline, nextCheck)) { return true }
            if let deadline, deadline.hasPassed { return false }
            if let report = cycle(through: me) {
                if report.key == previousCycle {
                    Diagnostics.emit(report.report, key: report.key)
                }
                previousCycle = report.key
            } else {
                previousCycle = nil
            }
            nextCheck = Deadline(after: spacing)
        }
    }

    /// The wait-for cycle through the thread `start`, if there is one.
    private static func cycle(through start: UInt) -> (report: DiagnosticReport, key: String)? {
        waits.withLock { waits -> (DiagnosticReport, String)? in
            guard let first = waits[start] else { return nil }
            var path = [first]
            var lock = first.lock
            while path.count <= waits.count {
                let holder = lock.ownerPthread
                if holder == 0 { return nil }
                if holder == start { return describe(path) }
                guard let next = waits[holder] else { return nil }
                if path.contains(where: { $0.thread === next.thread }) { return nil }  // a cycle without us
                path.append(next)
                lock = next.lock
            }
            return nil
        }
    }

    /// Thread i waits for lock i, which thread i+1 holds; the first thread holds the last lock.
    private static func describe(_ path: [Wait]) -> (DiagnosticReport, String) {
        var steps: [DiagnosticReport.Step] = []
        for (index, wait) in path.enumerated() {
            let held = path[(index + path.count - 1) % path.count].lock
            steps.append(.init(thread: wait.thread.name, holds: held.name, wants: wait.lock.name))
        }
        // Start the report at the oldest thread, so every member of the cycle words it alike.
        let oldest = path.indices.min { path[$0].thread.serial < path[$1].thread.serial }!
        steps = Array(steps[oldest...] + steps[..<oldest])
        let key = "deadlock:" + path.map { "\($0.thread.serial)/\($0.lock.id)" }.sorted().joined(separator: ",")
        return (DiagnosticReport(kind: .deadlock, steps: steps, detail: nil, seed: Diagnostics.currentSeed), key)
    }
}
