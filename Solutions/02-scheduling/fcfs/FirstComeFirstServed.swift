/// The waiting time of each job under first come, first served, when every job arrives at
/// time 0 in the given order and needs `bursts[i]` units of CPU time.
///
/// Example: bursts `[24, 3, 3]` wait `[0, 24, 27]`.
public func fcfsWaitingTimes(bursts: [Int]) -> [Int] {
    var clock = 0
    return bursts.map { burst in
        defer { clock += burst }
        return clock
    }
}

/// The average of `fcfsWaitingTimes(bursts:)`, or 0 for no jobs.
public func fcfsAverageWaitingTime(bursts: [Int]) -> Double {
    guard !bursts.isEmpty else { return 0 }
    return Double(fcfsWaitingTimes(bursts: bursts).reduce(0, +)) / Double(bursts.count)
}
