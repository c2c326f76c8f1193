/// How the explorer picks the next thread to run, one execution after another. The threads of
/// an execution are numbered in the order they were started (0 is the explored body), which is
/// the same in every execution of a deterministic program, so a list of choices replays one.
protocol SchedulingStrategy {
    /// What the schedule string starts with ("pct(d3,s7)").
    var label: String { get }
    /// Prepares execution number `number` (from 0); false when there is nothing left to try.
    mutating func beginExecution(_ number: Int) -> Bool
    /// Called when thread `index` starts (0 for the body).
    mutating func threadStarted(_ index: Int)
    /// Picks one of `enabled` (sorted, at least two). `current` is the thread that ran the last
    /// step, if it could go on: choosing another one then is a preemption.
    mutating func choose(among enabled: [Int], current: Int?) -> Int
    /// Whether the strategy tried every schedule it covers (only the systematic one can).
    var isExhausted: Bool { get }
    /// A note for the report when a bound kept the strategy from schedules it could have tried.
    var boundNote: String? { get }
}

extension SchedulingStrategy {
    mutating func threadStarted(_ index: Int) {}
    var isExhausted: Bool { false }
    var boundNote: String? { nil }
}

/// A random walk: every choice uniform among the threads that can run, from a generator
/// seeded with the seed and the execution's number.
struct RandomWalk: SchedulingStrategy {
    let seed: UInt64
    private var random = SplitMix64(seed: 0)

    init(seed: UInt64) { self.seed = seed }

    var label: String { "random(s\(seed))" }

    mutating func beginExecution(_ number: Int) -> Bool {
        random = SplitMix64(seed: seed &+ UInt64(number) &* 0x2545_F491_4F6C_DD1D)
        return true
    }

    mutating func choose(among enabled: [Int], current: Int?) -> Int {
        enabled[random.below(enabled.count)]
    }
}

/// Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
/// 2010): every thread gets a random priority, the highest-priority thread that can run
/// always runs, and at `depth - 1` random steps the running thread drops below all others.
/// A bug that needs `depth` ordering constraints among n threads and k steps is found with
/// probability at least 1/(n·k^(depth-1)) per execution.
struct PCT: SchedulingStrategy {
    let depth: Int
    let seed: UInt64
    private var random = SplitMix64(seed: 0)
    private var priorities: [Int: Int] = [:]
    private var changePoints: [Int: Int] = [:]
    private var step = 0
    /// The most choices an execution needed so far: the k of the guarantee, learnt as we go.
    private var longest = 32

    init(depth: Int, seed: UInt64) {
        self.depth = max(1, depth)
        self.seed = seed
    }

    var label: String { "pct(d\(depth),s\(seed))" }

    mutating func beginExecution(_ number: Int) -> Bool {
        longest = max(longest, step)
        random = SplitMix64(seed: seed &+ UInt64(number) &* 0x2545_F491_4F6C_DD1D)
        priorities = [:]
        changePoints = [:]
        step = 0
        // Change point i (at a random step) lowers the running thread to priority depth-1-i,
        // below every initial priority (which are depth or more).
        for i in 0..<(depth - 1) { changePoints[1 + random.below(longest)] = depth - 1 - i }
        return true
    }

    mutating func threadStarted(_ index: Int) {
        priorities[index] = depth + random.below(1 << 30)
    }

    mutating func choose(among enabled: [Int], current: Int?) -> Int {
        step += 1
        if let lowered = changePoints[step], let current { priorities[current] = lowered }
        return enabled.max { (priorities[$0] ?? 0, -$0) < (priorities[$1] ?? 0, -$1) }!
    }
}

/// Follows a recorded list of choices: a failing schedule, run again exactly.
struct Replay: SchedulingStrategy {
    let label: String
    let choices: [Int]
    private var position = 0
    /// Set when the program asked for a choice the schedule does not have or cannot make.
    private(set) var mismatch: String?

    init(label: String, choices: [Int]) {
        (self.label, self.choices) = (label, choices)
    }

    mutating func beginExecution(_ number: Int) -> Bool {
        position = 0
        return number == 0
    }

    mutating func choose(among enabled: [Int], current: Int?) -> Int {
        defer { position += 1 }
        guard position < choices.count, enabled.contains(choices[position]) else {
            if mismatch == nil {
                mismatch = "the schedule does not fit this program at choice \(position + 1)"
                    + " (threads \(enabled) could run; the schedule says \(position < choices.count ? String(choices[position]) : "nothing more"))"
            }
            return current ?? enabled[0]
        }
        return choices[position]
    }
}
