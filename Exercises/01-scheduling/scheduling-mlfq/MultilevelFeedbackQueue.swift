// Exercise scheduling-mlfq: A multilevel feedback queue (chapter From batch systems to multiprogramming).
// Read first: Exercises/01-scheduling/lesson.md, the section on scheduling-mlfq.
// Check it: swift run grade scheduling-mlfq    Stuck? swift run grade hint scheduling-mlfq

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
        self.quanta = quanta
        self.boostInterval = boostInterval
        queues = Array(repeating: [], count: quanta.count)
    }

    public mutating func jobBecameReady(_ job: ReadyJob) {
        // TODO: choose the job's level from `job.reason` (rules 1, 3 and 4), remember it in
        // `levels`, and append the job to that level's queue.
    }

    public mutating func nextJob(at time: Int) -> Dispatch? {
        // TODO: boost everyone to level 0 when it is time (rule 5), then dispatch the first job
        // of the highest non-empty level with that level's quantum (rule 2).
        return nil
    }
}
