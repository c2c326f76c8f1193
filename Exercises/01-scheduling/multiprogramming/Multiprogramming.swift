// Exercise multiprogramming: Overlapping computing and I/O (chapter From batch systems to multiprogramming).
// Read first: Exercises/01-scheduling/lesson.md, the section on multiprogramming.
// Check it: swift run grade multiprogramming    Stuck? swift run grade hint multiprogramming

import Multitasking

/// How long `jobs` take on a computer that holds one job at a time, as a batch system before
/// multiprogramming did: a job runs from its first burst to its last (the processor sits idle
/// during the job's I/O), and only then does the next job start. Jobs run in the order given,
/// and no job starts before its arrival.
///
/// Example: A = `[.cpu(2), .io(4), .cpu(2)]` and B = `[.cpu(3), .io(2), .cpu(1)]`, both arriving
/// at 0, take 8 + 6 = 14 ticks.
public func elapsedOneAtATime(_ jobs: [Job]) -> Int {
    // TODO: keep a clock; each job starts when the previous one is done and it has arrived,
    // and occupies the computer for all its bursts (`job.totalCPU`, `job.totalIO`).
    return 0
}

/// How long `jobs` take when they are all in memory together and the processor, whenever the
/// running job waits for I/O, runs another ready job. Run them on a `Simulator` (no
/// context-switch cost) with a first-come, first-served policy, and return the time at which
/// the last job finishes.
///
/// Example: the two jobs above take 9 ticks: A computes 0-2, B computes 2-5 while A waits for
/// its I/O, A computes again 6-8, B 8-9.
public func elapsedMultiprogrammed(_ jobs: [Job]) throws -> Int {
    // TODO: run the jobs: `try Simulator().run(jobs, policy: FirstComeFirstServedPolicy())`,
    // and read when the last one finished from the result's `statistics`.
    return 0
}

/// The processor's utilisation: the share of `elapsed` ticks in which it computed for one of
/// the `jobs` (their CPU bursts; time spent waiting for I/O is not work of the processor).
/// Returns 0 when `elapsed` is 0.
///
/// Example: the two jobs above compute for 8 ticks: 8 / 14 ≈ 0.57 one at a time, 8 / 9 ≈ 0.89
/// multiprogrammed.
public func cpuUtilization(of jobs: [Job], elapsed: Int) -> Double {
    // TODO: the ticks of computing divided by `elapsed`.
    return 0
}

/// Runs the ready jobs in the order they became ready, each to the end of its CPU burst.
struct FirstComeFirstServedPolicy: SchedulingPolicy {
    var ready: [String] = []

    mutating func jobBecameReady(_ job: ReadyJob) {
        // TODO: remember the job, at the back of the queue.
    }

    mutating func nextJob(at time: Int) -> Dispatch? {
        // TODO: the job at the front of the queue (removed from it), or nil when none is ready.
        return nil
    }
}
