/// One finding of the runtime's diagnostics, as the grader and the student see it.
public struct DiagnosticReport: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Threads wait for each other's locks in a cycle: a real deadlock, happening now.
        case deadlock
        /// Two locks were taken in opposite orders: a deadlock that can happen, even if it did not.
        case lockOrderInversion = "lock-order-inversion"
        /// A thread's body threw an error.
        case threadError = "thread-error"
        /// Every thread is blocked in a runtime wait that nothing can end: a deadlock on
        /// anything (a semaphore, a condition, a queue, a join), not only on locks.
        case allThreadsBlocked = "all-threads-blocked"
        /// Tasks block the threads of Swift's cooperative pool in runtime waits, and no thread
        /// of it came free for a while: the task that would end the waits cannot run.
        case poolBlocked = "pool-blocked"
    }

    /// One thread of the report: its name, the lock it holds and the lock it waits for or takes.
    /// For `allThreadsBlocked`: the locks it holds (quoted, comma-separated) and what it waits
    /// for, as a phrase ("an item in queue 'jobs'").
    public struct Step: Sendable, Equatable {
        public let thread: String
        public let holds: String
        public let wants: String
    }

    public let kind: Kind
    /// The threads and locks involved, in cycle order.
    public let steps: [Step]
    /// For a thread error: the error's description.
    public let detail: String?
    /// The perturbation seed in force, to replay the run.
    public let seed: UInt64?

    public var description: String {
        var lines: [String]
        switch kind {
        case .deadlock where steps.count == 1:
            let step = steps[0]
            lines = ["Deadlock: thread '\(step.thread)' waits for lock '\(step.wants)', which it holds itself"
                + " (a Lock is not reentrant: use an RLock, or do not take it twice)"]
        case .deadlock:
            lines = ["Deadlock: \(steps.count) threads wait for each other in a cycle"]
            lines += steps.map { "  thread '\($0.thread)' holds '\($0.holds)' and waits for '\($0.wants)'" }
        case .lockOrderInversion:
            lines = ["Potential deadlock: locks taken in opposite orders (this run did not need to hang)"]
            lines += steps.map { "  thread '\($0.thread)' took '\($0.holds)' then '\($0.wants)'" }
        case .allThreadsBlocked:
            lines = ["Deadlock: every thread is blocked, and none of them can wake the others"]
            lines += steps.map { step in
                let holding = step.holds.isEmpty ? "" : " holds \(step.holds) and"
                return "  thread '\(step.thread)'\(holding) waits for \(step.wants)"
            }
        case .poolBlocked:
            lines = ["Deadlock: tasks block every thread of the cooperative pool, and no task can run to wake them"
                + " (a task must suspend with await, not wait)"]
            lines += steps.map { "  a task on thread '\($0.thread)' waits for \($0.wants)" }
        case .threadError:
            lines = ["Exception in thread '\(steps.first?.thread ?? "?")': \(detail ?? "")"]
        }
        if let seed { lines.append("  (perturbation seed \(seed): replay with MULTITASKING_SEED=\(seed))") }
        return lines.joined(separator: "\n")
    }

    /// The report as one JSON object on one line, for the grader's report file.
    /// Hand-written because the runtime does not link Foundation; the fields are few and flat.
    var jsonLine: String {
        let stepObjects = steps.map {
            "{\"thread\":\(json($0.thread)),\"holds\":\(json($0.holds)),\"wants\":\(json($0.wants))}"
        }
        var fields = ["\"kind\":\(json(kind.rawValue))", "\"steps\":[\(stepObjects.joined(separator: ","))]"]
        if let detail { fields.append("\"detail\":\(json(detail))") }
        if let seed { fields.append("\"seed\":\(seed)") }
        fields.append("\"message\":\(json(description))")
        return "{\(fields.joined(separator: ","))}"
    }
}

/// A JSON string literal for `text`. Hand-written because the runtime keeps Foundation's
/// encoders out of its hot paths; the package's one JSON string escaper (the suites' timing
/// files use it too).
package func json(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
