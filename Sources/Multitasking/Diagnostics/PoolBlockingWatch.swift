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

    /// Called by the runtime's blocking waits while some watch is on (the flag is set).
    static func noteWait(for waitedFor: @autoclosure () -> String) {
        guard let collector, withUnsafeCurrentTask(body: { $0 != nil }) else { return }
        collector.append(Sighting(waitedFor: waitedFor(), thread: ThreadRegistry.current().name))
    }

    @TaskLocal private static var collector: Collector?

    /// The sightings of one `watching` call, appended to from any thread.
    private final class Collector: Sendable {
        private let found = Mutex<[Sighting]>([])

        func append(_ sighting: Sighting) { found.withLock { $0.append(sighting) } }
        var sightings: [Sighting] { found.withLock { $0 } }
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
