/// Systematic exploration with a preemption bound (iterative context bounding, Musuvathi and
/// Qadeer, PLDI 2007, as in CHESS and loom): depth first through every schedule that preempts
/// a running thread at most `preemptions` times. Switching when the running thread blocks or
/// ends is free. Most concurrency bugs need at most two preemptions, and small tests have few
/// such schedules, so the search ends: then "no schedule fails" is a proof within the bound.
struct BoundedDFS: SchedulingStrategy {
    private struct Choice {
        let enabled: [Int]
        let current: Int?
        var chosen: Int
        var tried: Set<Int>
        /// Preemptions taken before this choice.
        let preemptionsBefore: Int
    }

    let preemptions: Int
    private var stack: [Choice] = []
    private var position = 0
    private var preemptionsSoFar = 0
    private(set) var isExhausted = false
    private var skippedByBound = false

    init(preemptions: Int) { self.preemptions = max(0, preemptions) }

    var label: String { "dfs(p\(preemptions))" }

    var boundNote: String? {
        skippedByBound ? "schedules with more than \(preemptions) preemptions were not tried" : nil
    }

    mutating func beginExecution(_ number: Int) -> Bool {
        position = 0
        preemptionsSoFar = 0
        if number == 0 { return true }
        while var last = stack.popLast() {
            let untried = last.enabled.filter { !last.tried.contains($0) }
            for candidate in untried {
                last.tried.insert(candidate)
                if last.preemptionsBefore + cost(of: candidate, current: last.current) <= preemptions {
                    last.chosen = candidate
                    stack.append(last)
                    return true
                }
                skippedByBound = true
            }
        }
        isExhausted = true
        return false
    }

    mutating func choose(among enabled: [Int], current: Int?) -> Int {
        defer { position += 1 }
        let chosen: Int
        if position < stack.count {
            chosen = stack[position].chosen
        } else {
            // New ground: keep the running thread (no preemption) or take the first one.
            chosen = current ?? enabled[0]
            stack.append(Choice(
                enabled: enabled, current: current, chosen: chosen, tried: [chosen],
                preemptionsBefore: preemptionsSoFar))
        }
        preemptionsSoFar += cost(of: chosen, current: current)
        return chosen
    }

    private func cost(of candidate: Int, current: Int?) -> Int {
        current != nil && candidate != current ? 1 : 0
    }
}
