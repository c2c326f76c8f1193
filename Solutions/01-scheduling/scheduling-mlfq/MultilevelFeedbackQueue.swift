import Multitasking

/// A multilevel feedback queue: one FIFO ready queue per level, level 0 the most urgent, and
/// `quanta[level]` the time slice a job gets at that level (usually longer further down).
///
/// 1. A job that arrives joins level 0.
/// 2. When the processor is free, the first job of the highest non-empty level runs, for that
///    level's quantum.
/// 3. A job that used its whole slice (`ReadyJob.Reason.sliceExpired`) moves down one level
///    (a job on the last level stays there): it looks like a long computation.
/// 4. A job back from I/O (`.finishedIO`) stays on its level: it gave up the processor early.
/// 5. So that jobs on the low levels cannot starve, every `boostInterval` ticks every job goes
///    back to level 0: when the processor is free and `boostInterval` ticks or more have passed
///    since the last boost (or the start), move every job to level 0 (the queued ones in their
///    order, level 0's first) before choosing.
///
/// The simulator never interrupts a running job before its slice ends, so a job that arrives
/// on level 0 waits for the current slice.
public struct MultilevelFeedbackQueue: SchedulingPolicy {
    public let quanta: [Int]
    public let boostInterval: Int
    /// The ready jobs of each level, in order.
    var queues: [[String]]
    /// The level of every job seen so far.
    var levels: [String: Int] = [:]
    var lastBoost = 0

    public init(quanta: [Int], boostInterval: Int) {
        precondition(!quanta.isEmpty && quanta.allSatisfy { $0 > 0 }, "every level needs a quantum of at least one tick")
        precondition(boostInterval > 0, "the boost interval must be at least one tick")
        self.quanta = quanta
        self.boostInterval = boostInterval
        queues = Array(repeating: [], count: quanta.count)
    }

    public mutating func jobBecameReady(_ job: ReadyJob) {
        let level: Int
        switch job.reason {
        case .arrived: level = 0
        case .finishedIO: level = levels[job.name] ?? 0
        case .sliceExpired: level = min((levels[job.name] ?? 0) + 1, quanta.count - 1)
        }
        levels[job.name] = level
        queues[level].append(job.name)
    }

    public mutating func nextJob(at time: Int) -> Dispatch? {
        if time - lastBoost >= boostInterval {
            queues = [queues.flatMap { $0 }] + Array(repeating: [], count: quanta.count - 1)
            for name in levels.keys { levels[name] = 0 }
            lastBoost = time
        }
        guard let level = queues.firstIndex(where: { !$0.isEmpty }) else { return nil }
        return Dispatch(queues[level].removeFirst(), timeSlice: quanta[level])
    }
}
