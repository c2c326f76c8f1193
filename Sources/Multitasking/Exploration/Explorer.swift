import CMultitasking
import Synchronization

/// The checking mode of the runtime: runs a body under many schedules of its threads, one
/// thread at a time, switching only at runtime operations (thread start, join and end; lock
/// acquire and release; condition wait and notify; semaphores, events, barriers, queues;
/// sleeps and timeouts; `schedulePoint()`), with a virtual clock for sleeps and timeouts.
/// A deadlock, a lost wake-up, an endless loop or an error thrown by any thread fails the
/// schedule, which prints as a string that `replay` runs again exactly.
///
/// Plain memory accesses are not switch points (the race check with ThreadSanitizer is for
/// those), and processes are not explored. Off by default: outside an exploration the runtime
/// pays one load of its diagnostic flags on paths that already load them.
public enum Exploration {
    /// What an exploration that found no failure did.
    public struct Summary: Sendable, CustomStringConvertible {
        /// Schedules run.
        public let schedules: Int
        /// The systematic search tried every schedule within its bound.
        public let isExhaustive: Bool
        /// Said when a bound kept the search from schedules it could have tried.
        public let note: String?
        /// After a replay: what each thread did.
        public let timeline: String?

        public var description: String {
            var text = "\(schedules) schedule\(schedules == 1 ? "" : "s") passed"
            if isExhaustive { text += " (every schedule within the bound)" }
            if let note { text += "; \(note)" }
            return text
        }
    }

    /// A failing schedule: what went wrong, the schedule to replay it, and what each thread did.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let summary: String
        public let schedule: Schedule
        /// One column per thread, one row per step, the failing step marked.
        public let timeline: String
        /// The number of schedules run, this one included.
        public let schedulesTried: Int

        public var description: String {
            """
            \(summary)
            Found after \(schedulesTried) schedule\(schedulesTried == 1 ? "" : "s"). Schedule: \(schedule)
            \(timeline)
            """
        }
    }

    /// The longest an execution may run before it counts as a livelock.
    public static let defaultStepBound = 20_000
    /// How long the scheduled thread may run without reaching a runtime operation.
    public static let defaultProgressLimit: Duration = .seconds(5)

    /// Runs `body` under at most `budget` schedules chosen by `strategy`, until one fails.
    public static func explore(
        _ strategy: ExplorationStrategy = .pct(), budget: Int = 1000, stepBound: Int = defaultStepBound,
        progressLimit: Duration = defaultProgressLimit, _ body: @escaping @Sendable () throws -> Void
    ) -> Result<Summary, Failure> {
        run(StrategyBox(strategy.make()), budget: budget, stepBound: stepBound, progressLimit: progressLimit, body)
    }

    /// Runs `body` once under exactly `schedule`.
    public static func replay(
        _ schedule: Schedule, stepBound: Int = defaultStepBound,
        progressLimit: Duration = defaultProgressLimit, _ body: @escaping @Sendable () throws -> Void
    ) -> Result<Summary, Failure> {
        let strategy = StrategyBox(Replay(label: schedule.origin, choices: schedule.choices))
        let result = run(strategy, budget: 1, stepBound: stepBound, progressLimit: progressLimit, body)
        if case .success = result, let mismatch = (strategy.value as? Replay)?.mismatch {
            return .failure(Failure(summary: "Replay: \(mismatch)", schedule: schedule, timeline: "", schedulesTried: 1))
        }
        return result
    }

    /// One exploration at a time in a process: the switch points are process-wide. A runtime
    /// lock, not `Protected`, which would hold the fork gate for the whole exploration.
    private static let oneAtATime = Lock(name: "exploration")

    private static func run(
        _ strategy: StrategyBox, budget: Int, stepBound: Int, progressLimit: Duration,
        _ body: @escaping @Sendable () throws -> Void
    ) -> Result<Summary, Failure> {
        oneAtATime.withLock {
            Diagnostics.configureFromEnvironmentOnce()
            // The lock-order check is off meanwhile: the explorer finds the deadlocks of the
            // schedules it runs exactly, and the graph would keep the locks of every execution.
            let lockOrder = mt_diagnostic_flags() & DiagnosticFlag.lockOrder
            mt_set_diagnostic_flags((mt_diagnostic_flags() | DiagnosticFlag.explore) & ~DiagnosticFlag.lockOrder)
            defer { mt_set_diagnostic_flags((mt_diagnostic_flags() & ~DiagnosticFlag.explore) | lockOrder) }
            var number = 0
            var lastTimeline: String?
            while number < max(1, budget), strategy.value.beginExecution(number) {
                let execution = ControlledExecution(strategy: strategy, stepBound: stepBound)
                let outcome = runOnce(execution, progressLimit: progressLimit, body)
                number += 1
                defer { if case .passed = outcome { execution.forgetParticipants() } }
                if strategy.value is Replay {
                    lastTimeline = execution.timeline.render(names: execution.participants.map(\.thread.name))
                }
                if case .failed(let summary) = outcome {
                    let names = execution.participants.map(\.thread.name)
                    return .failure(Failure(
                        summary: summary,
                        schedule: Schedule(origin: "\(strategy.value.label)#\(number - 1)", choices: execution.choices),
                        timeline: execution.timeline.render(names: names), schedulesTried: number))
                }
            }
            return .success(Summary(
                schedules: number, isExhaustive: strategy.value.isExhausted, note: strategy.value.boundNote,
                timeline: lastTimeline))
        }
    }

    /// Runs one execution from this (uncontrolled) thread and waits for its outcome, ending it
    /// when the thread that runs makes no step for `progressLimit` (it is blocked outside the
    /// runtime, or computes for ever without a switch point).
    private static func runOnce(
        _ execution: ControlledExecution, progressLimit: Duration, _ body: @escaping @Sendable () throws -> Void
    ) -> ControlledExecution.Outcome {
        let root = Thread(name: "main", daemon: true, target: body)
        let participant = execution.register(root, startedBy: nil)
        execution.begin(with: participant)
        do {
            try root.start()
        } catch {
            return .failed(summary: "the explorer could not start a thread: \(error)")
        }
        var lastSteps = -1
        var lastChange = ContinuousClock.now
        while !execution.done.wait(until: Deadline(after: .milliseconds(50)), for: "the explored execution to end") {
            let steps = execution.steps.load(ordering: .relaxed)
            if steps != lastSteps {
                (lastSteps, lastChange) = (steps, ContinuousClock.now)
            } else if ContinuousClock.now - lastChange > progressLimit {
                execution.failFromOutside(
                    "No progress: a thread ran for \(progressLimit) without reaching a runtime operation"
                    + " (blocked outside the runtime, for example on Synchronization's Mutex or a system call,"
                    + " or in a loop with no switch point: call schedulePoint() in it)")
            }
        }
        return execution.outcome ?? .passed
    }
}

/// The explorer's hooks in the runtime, called only with the explore flag on.
enum Explorer {
    /// The calling thread's place in the running execution, if it takes part in one.
    static func participant() -> ControlledExecution.Participant? {
        ThreadRegistry.current().diagnostics.participant.withLock { $0 }
    }

    static func virtualNow() -> UInt64? { participant()?.execution.clock }

    /// A switch point of a participant: placed before each operation the others can see
    /// (an acquire, a release, a wait, a join, the code after a start), so that everything a
    /// thread did in plain memory since its last operation may be seen by the others first.
    static func schedulePoint() {
        guard let me = participant() else { return }
        me.execution.step(me)
    }

    static func note(_ text: @autoclosure () -> String) {
        guard let me = participant() else { return }
        me.execution.note(me, text())
    }

    /// `thread` is about to start: under the explorer when the thread starting it is.
    static func willStart(_ thread: Thread) {
        guard let parent = participant() else { return }
        parent.execution.register(thread, startedBy: parent)
    }

    static func threadBegins(_ thread: Thread) {
        guard let me = thread.diagnostics.participant.withLock({ $0 }) else { return }
        me.execution.waitForTurn(me)
    }

    static func threadEnded(_ thread: Thread) {
        guard let me = thread.diagnostics.participant.withLock({ $0 }) else { return }
        me.execution.threadEnded(me)
    }

    /// An error thrown by a participant's body fails the schedule; the thread never returns.
    static func threadFailed(_ thread: Thread, error: any Error) {
        guard let me = thread.diagnostics.participant.withLock({ $0 }) else { return }
        me.execution.fail(me, "Exception in thread '\(thread.name)': \(error)")
    }

    /// A participant's sleep; false when the caller is not one.
    static func sleep(for duration: Duration) -> Bool {
        guard let me = participant() else { return false }
        me.execution.sleep(me, for: duration)
        return true
    }
}

/// How the explorer picks schedules.
public enum ExplorationStrategy: Sendable, Equatable, CustomStringConvertible {
    /// A uniform random choice at every switch point.
    case random(seed: UInt64 = 0)
    /// Probabilistic concurrency testing for bugs of `depth` ordering constraints.
    case pct(depth: Int = 3, seed: UInt64 = 0)
    /// Every schedule with at most `preemptions` preemptions, depth first.
    case dfs(preemptions: Int = 2)

    /// Reads "random", "pct", "pct2" (depth 2), "dfs", "dfs3" (3 preemptions).
    public init?(_ text: String) {
        func number(after prefix: String) -> Int? {
            let rest = text.dropFirst(prefix.count)
            return rest.isEmpty ? nil : Int(rest)
        }
        if text == "random" { self = .random() }
        else if text.hasPrefix("pct"), text == "pct" || number(after: "pct") != nil { self = .pct(depth: number(after: "pct") ?? 3) }
        else if text.hasPrefix("dfs"), text == "dfs" || number(after: "dfs") != nil { self = .dfs(preemptions: number(after: "dfs") ?? 2) }
        else { return nil }
    }

    public var description: String {
        switch self {
        case .random(let seed): "random(s\(seed))"
        case .pct(let depth, let seed): "pct(d\(depth),s\(seed))"
        case .dfs(let preemptions): "dfs(p\(preemptions))"
        }
    }

    func make() -> any SchedulingStrategy {
        switch self {
        case .random(let seed): RandomWalk(seed: seed)
        case .pct(let depth, let seed): PCT(depth: depth, seed: seed)
        case .dfs(let preemptions): BoundedDFS(preemptions: preemptions)
        }
    }
}

/// A switch point for code outside the runtime: under the explorer, another thread may run
/// here (put one in a loop that waits by looking at an atomic); otherwise it does nothing.
public func schedulePoint() {
    if _slowPath(mt_diagnostic_flags() & DiagnosticFlag.explore != 0) { Explorer.schedulePoint() }
}
