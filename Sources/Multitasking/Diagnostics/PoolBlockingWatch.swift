import CMultitasking
import Synchronization

/// Finds code that blocks Swift's cooperative pool: a blocking wait of the runtime (a contended
/// lock, a condition, semaphore, event or queue wait, a `join`, `Thread.sleep`) made by code
/// that runs in a task. The pool has about one thread per core; a task that blocks one of them
/// holds it from every other task until the wait ends, and a few such tasks stall every `await`
/// of the program.
///
/// Scoped, never global: `watching` records only the waits made in the task that calls it, its
/// child tasks and the `Task { }`s they create (they inherit a task-local value), not those of
/// other tasks running meanwhile (Swift Testing runs every test, synchronous ones too, on the
/// same pool) nor of `Task.detached` (which inherits nothing). Waits on threads that are not
/// running a task (runtime threads, the main thread) are what the runtime is for, and are not
/// recorded.
///
/// ```swift
/// let (value, sightings) = await PoolBlockingWatch.watching { await fetchAll() }
/// // sightings: [a task blocked a thread of the cooperative pool: it waited for the lock 'cache']
/// ```
public enum PoolBlockingWatch {
    /// One blocking wait made inside a watched task.
    public struct Sighting: Sendable, Equatable, CustomStringConvertible {
        /// What the task waited for, worded to follow "waited for" ("the lock 'cache'",
        /// "a sleep of 0.2 seconds", "thread 'reader' to finish").
        public let waitedFor: String
        /// The name of the runtime's thread object for the blocked thread (for a thread of the
        /// pool, a `Dummy-N` name the runtime gave it).
        public let thread: String

        public var description: String {
            "a task blocked a thread of the cooperative pool ('\(thread)'): it waited for \(waitedFor)"
        }
    }

    /// Runs `body` and returns what it returns with every blocking wait its tasks made, in the
    /// order they began. The waits are not prevented: they happen as they would, and are
    /// reported afterwards.
    public static func watching<Value>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Value
    ) async rethrows -> (value: Value, sightings: [Sighting]) {
        let collector = Collector()
        Switch.turnOn()
        defer { Switch.turnOff() }
        let value = try await $collector.withValue(collector, operation: body, isolation: isolation)
        return (value, collector.sightings)
    }

    /// Called by `Thread.sleep` while some watch is on (the flag is set): a sleep ends by
    /// itself, so it is only noted.
    static func noteWait(for waitedFor: @autoclosure () -> String) {
        guard let collector, withUnsafeCurrentTask(body: { $0 != nil }) else { return }
        _ = collector.append(Sighting(waitedFor: waitedFor(), thread: ThreadRegistry.current().name), inProgress: false)
    }

    /// Called by the runtime's blocking waits while some watch is on: notes the wait if a
    /// watched task makes it, and returns it as a `LiveWait` that the caller waits through
    /// (nil: not a watched task's wait).
    static func beginWait(for waitedFor: @autoclosure () -> String) -> LiveWait? {
        guard let collector, withUnsafeCurrentTask(body: { $0 != nil }) else { return nil }
        let sighting = Sighting(waitedFor: waitedFor(), thread: ThreadRegistry.current().name)
        return LiveWait(collector: collector, key: collector.append(sighting, inProgress: true))
    }

    /// How long a watched task may wait while a task started when its wait began has not run
    /// before the pool counts as blocked. No task gets a thread in that time: every thread of
    /// the pool is taken, and the waits seen are holding some of them.
    static let stallLimit = Duration.seconds(2)

    /// A blocking wait of a watched task, while it lasts (until `end()`). The wait is made in
    /// slices, and after each `look()` asks whether the pool still runs tasks: a probe task is
    /// started when the wait begins, and a probe that did not run within `stallLimit` means no
    /// thread of the pool came free. Then the waits are likely what keeps the work that would
    /// end them from running (the task that would signal the semaphore waits for a thread),
    /// and it is reported as a deadlock of the pool (`DiagnosticReport.Kind.poolBlocked`) with
    /// every watched wait in progress, instead of hanging until the test's time runs out. Such
    /// a wait is already a finding of the watch, so a pool that was only busy, reported this
    /// way, fails nothing that would have passed.
    final class LiveWait {
        fileprivate let collector: Collector
        fileprivate let key: Int
        private let probe = Probe()
        private let stall = Deadline(after: PoolBlockingWatch.stallLimit)

        fileprivate init(collector: Collector, key: Int) {
            (self.collector, self.key) = (collector, key)
        }

        /// Waits with `attempt` in slices, looking after each, until it succeeds or `deadline`
        /// passes.
        func wait(until deadline: Deadline?, _ attempt: (Deadline?) -> Bool) -> Bool {
            while true {
                if attempt(Deadline.earliest(deadline, Deadline(after: .milliseconds(250)))) { return true }
                if let deadline, deadline.hasPassed { return false }
                look()
            }
        }

        func look() {
            guard stall.hasPassed, !probe.ran else { return }
            Diagnostics.emit(collector.stallReport(), key: "pool-blocked:\(ObjectIdentifier(collector))")
        }

        func end() { collector.end(key) }
    }

    /// A task started to see whether the pool still gives tasks a thread.
    private final class Probe: Sendable {
        private let done = Atomic<Bool>(false)
        var ran: Bool { done.load(ordering: .acquiring) }

        init() {
            Task.detached { self.done.store(true, ordering: .releasing) }
        }
    }

    @TaskLocal private static var collector: Collector?

    /// The sightings of one `watching` call, appended to from any thread, and which of them
    /// are waits still in progress.
    fileprivate final class Collector: Sendable {
        private struct State {
            var found: [Sighting] = []
            var inProgress: Set<Int> = []
        }
        private let state = Mutex(State())

        /// Notes a wait that begins; one `inProgress` stays so until `end(_:)` with the key
        /// returned.
        func append(_ sighting: Sighting, inProgress: Bool) -> Int {
            state.withLock { state in
                state.found.append(sighting)
                if inProgress { state.inProgress.insert(state.found.count - 1) }
                return state.found.count - 1
            }
        }

        func end(_ key: Int) { _ = state.withLock { $0.inProgress.remove(key) } }

        var sightings: [Sighting] { state.withLock { $0.found } }

        /// The pool deadlock, with every wait still in progress.
        func stallReport() -> DiagnosticReport {
            let waits = state.withLock { state in state.inProgress.sorted().map { state.found[$0] } }
            let steps = waits.map { DiagnosticReport.Step(thread: $0.thread, holds: "", wants: $0.waitedFor) }
            return DiagnosticReport(kind: .poolBlocked, steps: steps, detail: nil, seed: Diagnostics.currentSeed)
        }
    }

    /// The flag bit that sends every blocking wait through `BlockingWait.monitored` (and
    /// `Thread.sleep` to `noteWait`), on while at least one watch runs. Counted under a mutex so
    /// that a watch that ends cannot clear the bit another has just set.
    private enum Switch {
        private static let watches = Mutex<Int>(0)

        static func turnOn() {
            watches.withLock { count in
                count += 1
                if count == 1 { mt_set_diagnostic_flags(mt_diagnostic_flags() | DiagnosticFlag.poolBlocking) }
            }
        }

        static func turnOff() {
            watches.withLock { count in
                count -= 1
                if count == 0 { mt_set_diagnostic_flags(mt_diagnostic_flags() & ~DiagnosticFlag.poolBlocking) }
            }
        }
    }
}
