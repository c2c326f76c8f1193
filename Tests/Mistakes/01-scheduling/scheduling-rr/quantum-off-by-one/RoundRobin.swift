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
    precondition(quantum > 0, "the quantum must be at least one tick")
    var timeline = Timeline()
    var remaining = jobs.map(\.totalCPU)
    // Job indices by arrival; a stable sort keeps the given order among equal arrivals.
    var arrivals = jobs.indices.sorted { jobs[$0].arrival < jobs[$1].arrival }[...]
    var ready: [Int] = []
    var lastRun: Int?
    var clock = 0

    /// Every job that has arrived by `clock` joins the back of the queue.
    func admitArrivals() {
        while let next = arrivals.first, jobs[next].arrival <= clock {
            ready.append(next)
            arrivals.removeFirst()
        }
    }

    admitArrivals()
    while !ready.isEmpty || !arrivals.isEmpty {
        guard !ready.isEmpty else {
            if let next = arrivals.first {  // nobody is ready: idle until the next arrival
                timeline.append(.idle, ticks: jobs[next].arrival - clock)
                clock = jobs[next].arrival
            }
            admitArrivals()
            continue
        }
        let job = ready.removeFirst()
        if let lastRun, lastRun != job, contextSwitchCost > 0 {
            timeline.append(.contextSwitch, ticks: contextSwitchCost)
            clock += contextSwitchCost
        }
        var used = 0
        while used <= quantum, remaining[job] > 0 {  // tick by tick, until the quantum is used up
            timeline.append(.run(jobs[job].name))
            clock += 1
            remaining[job] -= 1
            used += 1
        }
        lastRun = job
        admitArrivals()  // first whoever arrived during the switch and the slice...
        if remaining[job] > 0 { ready.append(job) }  // ...then the preempted job
    }
    return timeline
}
