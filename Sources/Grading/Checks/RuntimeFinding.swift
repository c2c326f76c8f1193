/// One line of the runtime's diagnostics file (`Multitasking.DiagnosticReport.jsonLine`) as a
/// message for students. Worded here from the line's fields (kind, threads, locks, seed) rather
/// than shown as the runtime's own English `message`, so the report can speak the student's
/// language; the runtime stays free of the grader's tables.
enum RuntimeFinding {
    /// The finding's message, or nil for a kind students do not see as a finding (a thread's
    /// error reaches them through the failed test).
    static func message(of object: [String: Any]) -> Message? {
        guard let kind = object["kind"] as? String else { return nil }
        let steps = (object["steps"] as? [[String: Any]] ?? []).map { step in
            ["thread", "holds", "wants"].reduce(into: [String: Message]()) { $0[$1] = .verbatim(step[$1] as? String ?? "?") }
        }
        var lines: [Message]
        switch kind {
        case "deadlock" where steps.count == 1:
            lines = [Message(.findingSelfDeadlock, ["thread": steps[0]["thread", default: "?"], "lock": steps[0]["wants", default: "?"]])]
        case "deadlock":
            lines = [Message(.findingDeadlockCycle, ["count": "\(steps.count)"])] + steps.map { Message(.findingHoldsAndWaits, $0) }
        case "lock-order-inversion":
            lines = [Message(.findingLockOrder)] + steps.map { Message(.findingTookThen, $0) }
        case "all-threads-blocked":
            // What a thread waits for is the runtime's phrase ("an item in queue 'jobs'"), in English.
            lines = [Message(.findingAllBlocked)] + steps.map { step in
                step["holds"] == .verbatim("") ? Message(.findingWaits, step) : Message(.findingHoldsAndWaitsFor, step)
            }
        case "pool-blocked":
            lines = [Message(.findingPoolBlocked)] + steps.map { Message(.findingTaskWaits, $0) }
        default:
            return nil
        }
        if let seed = object["seed"] as? Int { lines.append(Message(.findingSeed, ["seed": "\(seed)"])) }
        return .joined(lines, separator: "\n")
    }
}
