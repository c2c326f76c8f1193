// Exercise scheduling-rr: Round robin with a quantum and a switch cost (chapter From batch systems to multiprogramming).
// Read first: Exercises/01-scheduling/lesson.md, the section on scheduling-rr.
// Check it: swift run grade scheduling-rr    Stuck? swift run grade hint scheduling-rr

import Multitasking

/// The schedule that round robin gives `jobs` on one processor, worked out by hand (without
/// the `Simulator`). Every job here only computes: it needs `job.totalCPU` ticks.
///
/// - The ready queue is in the order the jobs became ready. Jobs arriving at the same tick
///   join it in the order of `jobs`.
/// - When the processor is free, the job at the front runs for `quantum` ticks, or less if it
///   finishes sooner. If it is not finished, it goes to the back of the queue, *behind* every
///   job that arrived while it ran, including those arriving at the very tick its slice ends.
/// - Starting a job other than the last one that ran first costs `contextSwitchCost` ticks of
///   `.contextSwitch` (jobs arriving meanwhile join the queue as usual). The very first job,
///   and a job that simply continues after its own slice, start at once.
/// - When no job is ready, the processor is `.idle` until the next one arrives.
///
/// Example: A (arrives at 0, computes 3) and B (arrives at 0, computes 2), quantum 2, switch
/// cost 1: `|A |cs |B |cs |A |`, that is A 0-2, switch 2-3, B 3-5, switch 5-6, A 6-7.
public func roundRobinTimeline(_ jobs: [Job], quantum: Int, contextSwitchCost: Int) -> Timeline {
    // TODO: start from an empty `Timeline()` and keep a clock, the ticks each job still needs,
    // and a ready queue of job indices. Loop until every job is done: idle until the next
    // arrival when nobody is ready; pay the switch cost when the next job differs from the last
    // one that ran; run a slice with `timeline.append(.run(name), ticks: slice)`; then queue the
    // arrivals, then the preempted job.
    return Timeline()
}
