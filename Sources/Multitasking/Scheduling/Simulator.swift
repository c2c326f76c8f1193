/// Runs jobs on one simulated processor, tick by tick, under a `SchedulingPolicy`, and
/// records the timeline. I/O bursts proceed in parallel (each job has its own device), which
/// is what lets multiprogramming overlap one job's computing with another's waiting.
///
/// ```swift
/// let result = try Simulator(contextSwitchCost: 1).run(jobs, policy: RoundRobin(quantum: 2))
/// print(result.timeline)
/// print(result.statistics.averageWaiting)
/// ```
public struct Simulator: Sendable {
    /// Ticks the processor spends switching from one job to a different one.
    public var contextSwitchCost: Int
    /// A run longer than this many ticks is stopped (a policy that never dispatches anything).
    public var tickLimit: Int

    public init(contextSwitchCost: Int = 0, tickLimit: Int = 1_000_000) {
        precondition(contextSwitchCost >= 0, "the context-switch cost must be 0 or more ticks")
        self.contextSwitchCost = contextSwitchCost
        self.tickLimit = tickLimit
    }

    public struct Result: Sendable, Equatable {
        public let timeline: Timeline
        public let statistics: ScheduleStatistics
    }

    public enum SimulationError: Error, Equatable, CustomStringConvertible {
        case schedule(ScheduleError)
        case tickLimitReached(Int, unfinished: [String])

        public var description: String {
            switch self {
            case .schedule(let error): error.description
            case .tickLimitReached(let limit, let unfinished):
                "the simulation passed \(limit) ticks with jobs unfinished (\(unfinished.joined(separator: ", "))): does the policy ever dispatch them?"
            }
        }
    }

    public func run(_ jobs: [Job], policy: some SchedulingPolicy) throws(SimulationError) -> Result {
        var policy = policy
        if let duplicate = jobs.firstDuplicateName { throw .schedule(.duplicateJobName(duplicate)) }
        var state = SimulationState(jobs: jobs)
        var timeline = Timeline()
        var lastRun: String?
        var time = 0
        while !state.allFinished {
            guard time < tickLimit else { throw .tickLimitReached(tickLimit, unfinished: state.unfinishedNames) }
            state.deliverEvents(at: time, to: &policy)
            if state.allFinished { break }
            if state.running == nil {
                if let dispatch = policy.nextJob(at: time) {
                    do throws(ScheduleError) {
                        try state.dispatch(dispatch, at: time)
                    } catch {
                        throw .schedule(error)
                    }
                    if let lastRun, lastRun != dispatch.job, contextSwitchCost > 0 {
                        state.switchTicksLeft = contextSwitchCost
                    }
                }
            }
            if state.switchTicksLeft > 0 {
                timeline.append(.contextSwitch)
                state.switchTicksLeft -= 1
            } else if let running = state.running {
                timeline.append(.run(running))
                lastRun = running
                state.runOneTick()
            } else {
                timeline.append(.idle)
            }
            time += 1
        }
        do throws(ScheduleError) {
            return Result(timeline: timeline, statistics: try ScheduleStatistics(timeline: timeline, jobs: jobs))
        } catch {
            throw .schedule(error)
        }
    }
}

/// The simulator's bookkeeping: where each job is in its bursts.
private struct SimulationState {
    struct Progress {
        let job: Job
        var burstIndex = 0
        var leftInBurst: Int
        var ioEndsAt: Int?
        var isReady = false
        var finished = false
    }

    var progress: [Progress]
    var running: String?
    var sliceLeft: Int?
    var switchTicksLeft = 0
    private var time = 0

    init(jobs: [Job]) {
        progress = jobs.map { Progress(job: $0, leftInBurst: $0.bursts[0].length) }
    }

    var allFinished: Bool { progress.allSatisfy(\.finished) }
    var unfinishedNames: [String] { progress.filter { !$0.finished }.map(\.job.name) }

    private func index(of name: String) -> Int? { progress.firstIndex { $0.job.name == name } }

    /// Arrivals, then I/O completions, then the end of the running job's slice or burst.
    mutating func deliverEvents(at time: Int, to policy: inout some SchedulingPolicy) {
        self.time = time
        for index in progress.indices where progress[index].job.arrival == time {
            makeReady(index, reason: .arrived, policy: &policy)
        }
        for index in progress.indices where progress[index].ioEndsAt == time {
            progress[index].ioEndsAt = nil
            progress[index].burstIndex += 1
            progress[index].leftInBurst = progress[index].job.bursts[progress[index].burstIndex].length
            makeReady(index, reason: .finishedIO, policy: &policy)
        }
        guard let name = running, let index = index(of: name), switchTicksLeft == 0 else { return }
        if progress[index].leftInBurst == 0 {
            running = nil
            finishBurst(index)
        } else if sliceLeft == 0 {
            running = nil
            makeReady(index, reason: .sliceExpired, policy: &policy)
        }
    }

    private mutating func makeReady(_ index: Int, reason: ReadyJob.Reason, policy: inout some SchedulingPolicy) {
        progress[index].isReady = true
        policy.jobBecameReady(ReadyJob(job: progress[index].job, reason: reason, time: time, remainingBurst: progress[index].leftInBurst))
    }

    /// A CPU burst ended: the job starts its I/O burst, or is finished.
    private mutating func finishBurst(_ index: Int) {
        let next = progress[index].burstIndex + 1
        if next < progress[index].job.bursts.count {
            progress[index].burstIndex = next
            progress[index].ioEndsAt = time + progress[index].job.bursts[next].length
        } else {
            progress[index].finished = true
        }
    }

    mutating func dispatch(_ dispatch: Dispatch, at time: Int) throws(ScheduleError) {
        guard let index = index(of: dispatch.job), progress[index].isReady else {
            throw .dispatchedJobNotReady(job: dispatch.job, time: time)
        }
        if let slice = dispatch.timeSlice, slice < 1 { throw .invalidTimeSlice(job: dispatch.job, slice: slice) }
        progress[index].isReady = false
        running = dispatch.job
        sliceLeft = dispatch.timeSlice
    }

    mutating func runOneTick() {
        guard let name = running, let index = index(of: name) else { return }
        progress[index].leftInBurst -= 1
        if let slice = sliceLeft { sliceLeft = slice - 1 }
    }
}
