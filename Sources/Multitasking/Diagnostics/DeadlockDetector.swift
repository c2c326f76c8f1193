import Glibc

/// Finds real deadlocks: threads blocked on runtime locks in a cycle (T1 waits for a lock held
/// by T2, which waits for a lock held by T1). A thread waiting for a lock looks for a cycle
/// through itself after each interval of waiting (`BlockingWait`), and reports it when it sees
/// the same cycle twice in a row (a `Lock` may be released by a thread other than its holder,
/// so one sighting could be a moment's coincidence; two sightings an interval apart are a
/// deadlock).
enum DeadlockDetector {
    /// What one waiting thread saw at its previous look.
    struct Sightings {
        var previousCycle: String?
    }

    /// One look for a cycle through the thread `me`; reports it on its second sighting.
    static func look(from me: UInt, _ sightings: inout Sightings) {
        guard let found = cycle(through: me, in: WaitTable.snapshot().waits) else {
            sightings.previousCycle = nil
            return
        }
        if found.key == sightings.previousCycle { Diagnostics.emit(found.report, key: found.key) }
        sightings.previousCycle = found.key
    }

    /// The wait-for cycle of locks through the thread `start`, if there is one.
    static func cycle(through start: UInt, in waits: [UInt: BlockedWait]) -> (report: DiagnosticReport, key: String)? {
        guard let first = waits[start], var lock = first.subject.lock else { return nil }
        var path = [(thread: first.thread, lock: lock)]
        while path.count <= waits.count {
            let holder = lock.ownerPthread
            if holder == 0 { return nil }
            if holder == start { return describe(path) }
            guard let next = waits[holder], let nextLock = next.subject.lock else { return nil }
            if path.contains(where: { $0.thread === next.thread }) { return nil }  // a cycle without us
            path.append((next.thread, nextLock))
            lock = nextLock
        }
        return nil
    }

    /// Thread i waits for lock i, which thread i+1 holds; the first thread holds the last lock.
    private static func describe(_ path: [(thread: Thread, lock: any DiagnosableLock)]) -> (DiagnosticReport, String) {
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
