// Exercise scheduling-fcfs-sjf: First come, first served and shortest job first (chapter From batch systems to multiprogramming).
// Read first: Exercises/01-scheduling/lesson.md, the section on scheduling-fcfs-sjf.
// Check it: swift run grade scheduling-fcfs-sjf    Stuck? swift run grade hint scheduling-fcfs-sjf

import Multitasking

/// First come, first served: the ready jobs run in the order they became ready, each until its
/// CPU burst ends (no time slice). Jobs that become ready at the same tick keep the order in
/// which the simulator reports them.
public struct FirstComeFirstServed: SchedulingPolicy {
    var ready: [String] = []

    public init() {}

    public mutating func jobBecameReady(_ job: ReadyJob) {
        // TODO: remember the job, at the back of the queue.
    }

    public mutating func nextJob(at time: Int) -> Dispatch? {
        // TODO: the job at the front of the queue, removed from it (nil when none is ready).
        return nil
    }
}

/// Shortest job first, non-preemptive: when the processor is free, the ready job whose next
/// CPU burst is shortest (`ReadyJob.remainingBurst`) runs until that burst ends. Among jobs with
/// bursts of equal length, the one that became ready first runs first.
public struct ShortestJobFirst: SchedulingPolicy {
    var ready: [ReadyJob] = []

    public init() {}

    public mutating func jobBecameReady(_ job: ReadyJob) {
        // TODO: remember the job.
    }

    public mutating func nextJob(at time: Int) -> Dispatch? {
        // TODO: remove and run the ready job with the shortest `remainingBurst`; on a tie, the
        // one that became ready first.
        return nil
    }
}

/// A job's figures in a schedule.
public struct JobTimes: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    /// Time spent ready but not running: turnaround minus the job's CPU and I/O bursts.
    public let waiting: Int
    /// From arrival to completion (the end of the job's last run).
    public let turnaround: Int

    public init(name: String, waiting: Int, turnaround: Int) {
        (self.name, self.waiting, self.turnaround) = (name, waiting, turnaround)
    }

    public var description: String { "\(name): waiting \(waiting), turnaround \(turnaround)" }
}

/// The waiting and turnaround time of each job (in the order of `jobs`) in a schedule that ran
/// them all: read each job's completion from `timeline` (the end of its last `.run` segment).
///
/// Example: `A` (arrives at 0, computes 8) and `B` (arrives at 1, computes 4) under FCFS:
/// `|A       |B   |` completes A at 8 and B at 12, so A waits 0 and turns around in 8, B waits
/// 12 − 1 − 4 = 7 and turns around in 11.
public func jobTimes(_ jobs: [Job], in timeline: Timeline) -> [JobTimes] {
    // TODO: for each job, find its completion in `timeline.segments`, then its turnaround and
    // waiting time.
    return jobs.map { JobTimes(name: $0.name, waiting: 0, turnaround: 0) }
}
