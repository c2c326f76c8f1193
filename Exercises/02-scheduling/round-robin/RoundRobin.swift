/// The completion time of each job under round robin with the given `quantum`, when every
/// job arrives at time 0 in the given order and needs `bursts[i]` units of CPU time. A job
/// that does not finish within its quantum goes to the back of the ready queue.
///
/// Example: bursts `[5, 3]` with quantum 2 run 0, 1, 0, 1, 0 and complete at `[8, 7]`.
public func roundRobinCompletionTimes(bursts: [Int], quantum: Int) -> [Int] {
    // TODO: simulate the ready queue.
    return bursts
}
