/// The figures of a schedule, as the lesson computes them: per job its completion, turnaround
/// (completion − arrival), waiting (turnaround − CPU − I/O: time spent ready but not running)
/// and response (first run − arrival); for the whole, averages and processor utilisation.
///
/// Building it also checks that the timeline is possible for the jobs: nobody runs before
/// arriving or while waiting for I/O, and everyone gets exactly the processor time it needs.
public struct ScheduleStatistics: Sendable, Equatable {
    public struct JobFigures: Sendable, Equatable {
        public let name: String
        public let arrival: Int
        public let firstRun: Int
        public let completion: Int
        public let turnaround: Int
        public let waiting: Int
        public let response: Int
    }

    /// One entry per job, in the order the jobs were given.
    public let jobs: [JobFigures]
    /// When the last job finished.
    public let makespan: Int
    /// Ticks in which some job ran.
    public let busyTicks: Int

    /// The share of time the processor did useful work (never above 1).
    public var cpuUtilization: Double { makespan == 0 ? 0 : Double(busyTicks) / Double(makespan) }
    public var averageTurnaround: Double { average(\.turnaround) }
    public var averageWaiting: Double { average(\.waiting) }
    public var averageResponse: Double { average(\.response) }

    public init(timeline: Timeline, jobs: [Job]) throws(ScheduleError) {
        var figures: [JobFigures] = []
        if let duplicate = jobs.firstDuplicateName { throw .duplicateJobName(duplicate) }
        let names = Set(jobs.map(\.name))
        for segment in timeline.segments {
            if case .run(let name) = segment.activity, !names.contains(name) { throw .unknownJob(name) }
        }
        for job in jobs {
            figures.append(try Self.figures(of: job, in: timeline))
        }
        self.jobs = figures
        makespan = figures.map(\.completion).max() ?? 0
        busyTicks = timeline.segments.filter {
            if case .run = $0.activity { return true }
            return false
        }.map(\.length).reduce(0, +)
    }

    private func average(_ figure: KeyPath<JobFigures, Int>) -> Double {
        jobs.isEmpty ? 0 : Double(jobs.map { $0[keyPath: figure] }.reduce(0, +)) / Double(jobs.count)
    }

    /// Replays the job's bursts against its run segments.
    private static func figures(of job: Job, in timeline: Timeline) throws(ScheduleError) -> JobFigures {
        let runs = timeline.segments.filter { $0.activity == .run(job.name) }
        let ran = runs.map(\.length).reduce(0, +)
        guard ran == job.totalCPU, let first = runs.first, let last = runs.last else {
            throw .wrongCPUTime(job: job.name, ran: ran, needs: job.totalCPU)
        }
        if first.start < job.arrival {
            throw .ranBeforeArrival(job: job.name, time: first.start, arrival: job.arrival)
        }
        var earliest = job.arrival  // when the job may next use the processor
        var burstIndex = 0
        var leftInBurst = job.bursts[0].length
        for run in runs {
            if run.start < earliest { throw .ranDuringIO(job: job.name, time: run.start, ioEnds: earliest) }
            var time = run.start
            while time < run.end {
                let step = min(leftInBurst, run.end - time)
                time += step
                leftInBurst -= step
                if leftInBurst == 0, burstIndex + 2 < job.bursts.count {
                    // The CPU burst is over: the job waits for its I/O burst, then computes again.
                    let ioEnds = time + job.bursts[burstIndex + 1].length
                    if time < run.end { throw .ranDuringIO(job: job.name, time: time, ioEnds: ioEnds) }
                    earliest = ioEnds
                    burstIndex += 2
                    leftInBurst = job.bursts[burstIndex].length
                }
            }
        }
        let turnaround = last.end - job.arrival
        return JobFigures(
            name: job.name, arrival: job.arrival, firstRun: first.start, completion: last.end,
            turnaround: turnaround, waiting: turnaround - job.totalCPU - job.totalIO,
            response: first.start - job.arrival)
    }
}
