/// Finds deadlocks on anything the runtime waits for, not only locks: when every thread of the
/// process is blocked in a runtime wait that has no time limit, each on something that is not
/// about to let it go (a lock still held, a condition not notified, a thread not finished),
/// no thread is left to wake the others. Go reports the same as "all goroutines are asleep".
///
/// A blocked thread looks after each interval of waiting (`BlockingWait`), and reports when two
/// looks in a row see every thread stuck and no wait begun or ended in between.
///
/// Threads that are running, sleeping, starting, blocked outside the runtime (a pipe, a child
/// process, the standard library's `Mutex`) or in a wait with a timeout can still change
/// something, so then nothing is reported. A watchdog thread (`Diagnostics.asWatchdog`) is left
/// out: it only waits to see whether the others finish. Threads the runtime does not know (not
/// created by it, never asked for `Thread.current`) are not seen: code where such a thread wakes
/// the runtime's threads should not turn this check on.
enum StallDetector {
    /// What one waiting thread saw at its previous look.
    struct Sightings {
        var previousGeneration: UInt64?
    }

    static func look(_ sightings: inout Sightings) {
        let (waits, generation) = WaitTable.snapshot()
        guard let stuck = stuckThreads(in: waits) else {
            sightings.previousGeneration = nil
            return
        }
        if sightings.previousGeneration == generation {
            // A cycle of locks among the stuck threads says more than the list of waits.
            if let cycle = lockCycle(among: stuck, in: waits) {
                Diagnostics.emit(cycle.report, key: cycle.key)
            } else {
                Diagnostics.emit(report(stuck), key: "all-threads-blocked:\(generation)")
            }
        }
        sightings.previousGeneration = generation
    }

    /// Every thread that takes part with its wait, if all of them are stuck; nil otherwise.
    static func stuckThreads(in waits: [UInt: BlockedWait]) -> [BlockedWait]? {
        var stuck: [BlockedWait] = []
        for thread in ThreadRegistry.snapshot() where takesPart(thread) {
            let pthread = thread.pthread
            guard pthread != 0, let wait = waits[pthread], wait.deadline == nil,
                  !wait.subject.canProceed else { return nil }
            stuck.append(wait)
        }
        return stuck.isEmpty ? nil : stuck
    }

    private static func lockCycle(among stuck: [BlockedWait], in waits: [UInt: BlockedWait]) -> (report: DiagnosticReport, key: String)? {
        for wait in stuck where wait.subject.lock != nil {
            if let found = DeadlockDetector.cycle(through: wait.thread.pthread, in: waits) { return found }
        }
        return nil
    }

    /// Runtime threads, and other threads once they used the runtime; not watchdogs.
    private static func takesPart(_ thread: Thread) -> Bool {
        let diagnostics = thread.diagnostics
        return !diagnostics.isWatchdog && (thread.kind == .runtime || diagnostics.usesRuntime.load(ordering: .relaxed))
    }

    static func report(_ stuck: [BlockedWait]) -> DiagnosticReport {
        let steps = stuck.map { wait in
            let held = wait.thread.diagnostics.heldLocks.withLock { $0.map { "'\($0.name)'" } }
            return DiagnosticReport.Step(
                thread: wait.thread.name, holds: held.joined(separator: ", "), wants: wait.subject.reportPhrase)
        }
        return DiagnosticReport(kind: .allThreadsBlocked, steps: steps, detail: nil, seed: Diagnostics.currentSeed)
    }
}
