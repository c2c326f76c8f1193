/// The part of a scheduler that decides: it keeps the ready jobs in whatever order it likes and
/// picks the next one whenever the processor is free. The `Simulator` does everything else
/// (time, bursts, I/O, context switches) and tells the policy what happens.
///
/// A first-come, first-served policy is a queue:
///
/// ```swift
/// struct FirstComeFirstServed: SchedulingPolicy {
///     var ready: [String] = []
///     mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job.name) }
///     mutating func nextJob(at time: Int) -> Dispatch? {
///         ready.isEmpty ? nil : Dispatch(ready.removeFirst())
///     }
/// }
/// ```
public protocol SchedulingPolicy {
    /// A job is ready to run: it arrived, its I/O finished, or its time slice ran out.
    /// Several events at the same tick come in this order: arrivals (in the order the jobs
    /// were given), then I/O completions, then the job whose slice ran out.
    mutating func jobBecameReady(_ job: ReadyJob)

    /// The processor is free at `time`: the job to run next (one that was handed to
    /// `jobBecameReady` and not dispatched since), or nil to leave the processor idle.
    mutating func nextJob(at time: Int) -> Dispatch?
}

/// A ready job, as the policy learns of it.
public struct ReadyJob: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The job has just arrived.
        case arrived
        /// The job has finished waiting for I/O.
        case finishedIO
        /// The job used its whole time slice and was preempted.
        case sliceExpired
    }

    public let job: Job
    public let reason: Reason
    /// When it became ready.
    public let time: Int
    /// Ticks left in its current CPU burst (what SJF looks at).
    public let remainingBurst: Int

    public var name: String { job.name }
}

/// The policy's decision: run `job`, for at most `timeSlice` ticks (nil: until its CPU burst ends).
public struct Dispatch: Sendable, Equatable {
    public let job: String
    public let timeSlice: Int?

    public init(_ job: String, timeSlice: Int? = nil) {
        self.job = job
        self.timeSlice = timeSlice
    }
}
