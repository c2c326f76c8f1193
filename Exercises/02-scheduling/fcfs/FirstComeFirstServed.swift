/// The waiting time of each job under first come, first served, when every job arrives at
/// time 0 in the given order and needs `bursts[i]` units of CPU time.
///
/// Example: bursts `[24, 3, 3]` wait `[0, 24, 27]`.
public func fcfsWaitingTimes(bursts: [Int]) -> [Int] {
    // TODO: each job waits for the bursts of all the jobs before it.
    return bursts.map { _ in 0 }
}

/// The average of `fcfsWaitingTimes(bursts:)`, or 0 for no jobs.
public func fcfsAverageWaitingTime(bursts: [Int]) -> Double {
    // TODO
    return -1
}
