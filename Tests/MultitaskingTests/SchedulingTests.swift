import Multitasking
import Testing

// Small policies to drive the simulator. (The course's exercises ask students for their own.)

private struct FirstComeFirstServed: SchedulingPolicy {
    var ready: [String] = []
    mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job.name) }
    mutating func nextJob(at time: Int) -> Dispatch? { ready.isEmpty ? nil : Dispatch(ready.removeFirst()) }
}

private struct RoundRobin: SchedulingPolicy {
    let quantum: Int
    var ready: [String] = []
    mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job.name) }
    mutating func nextJob(at time: Int) -> Dispatch? {
        ready.isEmpty ? nil : Dispatch(ready.removeFirst(), timeSlice: quantum)
    }
}

private struct ShortestJobFirst: SchedulingPolicy {
    var ready: [ReadyJob] = []
    mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job) }
    mutating func nextJob(at time: Int) -> Dispatch? {
        // Shortest burst first; ties go to whoever became ready first (min keeps the first).
        guard let best = ready.indices.min(by: { ready[$0].remainingBurst < ready[$1].remainingBurst }) else { return nil }
        return Dispatch(ready.remove(at: best).name)
    }
}

/// Records what the simulator tells a policy. A class, because the simulator works on its own
/// copy of the (value-type) policy.
private final class EventLog {
    var entries: [String] = []
}

private struct Recording<Inner: SchedulingPolicy>: SchedulingPolicy {
    var inner: Inner
    let log: EventLog
    mutating func jobBecameReady(_ job: ReadyJob) {
        log.entries.append("\(job.time):\(job.name):\(job.reason)")
        inner.jobBecameReady(job)
    }
    mutating func nextJob(at time: Int) -> Dispatch? { inner.nextJob(at: time) }
}

private let classic = [
    Job("A", arrival: 0, cpu: 8), Job("B", arrival: 1, cpu: 4),
    Job("C", arrival: 2, cpu: 9), Job("D", arrival: 3, cpu: 5),
]

@Suite struct SimulatorTests {
    @Test func firstComeFirstServedRunsJobsInArrivalOrder() throws {
        let result = try Simulator().run(classic, policy: FirstComeFirstServed())
        #expect(result.timeline == Timeline([(.run("A"), 8), (.run("B"), 4), (.run("C"), 9), (.run("D"), 5)]))
        #expect(result.statistics.jobs.map(\.waiting) == [0, 7, 10, 18])
        #expect(result.statistics.jobs.map(\.turnaround) == [8, 11, 19, 23])
        #expect(result.statistics.averageWaiting == 8.75)
        #expect(result.statistics.averageTurnaround == 15.25)
        #expect(result.statistics.cpuUtilization == 1)
    }

    @Test func roundRobinQueuesNewArrivalsBeforeThePreemptedJob() throws {
        let result = try Simulator().run(classic, policy: RoundRobin(quantum: 4))
        #expect(result.timeline.runOrder == ["A", "B", "C", "D", "A", "C", "D", "C"])
        #expect(result.timeline.segments.map(\.length) == [4, 4, 4, 4, 4, 4, 1, 1])
        #expect(result.statistics.jobs.map(\.completion) == [20, 8, 26, 25])
        #expect(result.statistics.averageWaiting == 11.75)
        #expect(result.statistics.jobs.map(\.response) == [0, 3, 6, 9])
    }

    @Test func eventsAtOneTickArriveInTheDocumentedOrder() throws {
        // At tick 2: R arrives, X's I/O ends and P's slice runs out, all at once.
        let jobs = [Job("X", bursts: [.cpu(1), .io(1), .cpu(1)]), Job("P", cpu: 3), Job("R", arrival: 2, cpu: 1)]
        let log = EventLog()
        let result = try Simulator().run(jobs, policy: Recording(inner: RoundRobin(quantum: 1), log: log))
        #expect(log.entries.filter { $0.hasPrefix("2:") } == ["2:R:arrived", "2:X:finishedIO", "2:P:sliceExpired"])
        #expect(result.timeline.runOrder == ["X", "P", "R", "X", "P"])
    }

    @Test func shortestJobFirstBreaksTiesByReadiness() throws {
        let jobs = [Job("A", arrival: 0, cpu: 7), Job("B", arrival: 2, cpu: 4), Job("C", arrival: 4, cpu: 1), Job("D", arrival: 5, cpu: 4)]
        let result = try Simulator().run(jobs, policy: ShortestJobFirst())
        #expect(result.timeline.runOrder == ["A", "C", "B", "D"])
        #expect(result.statistics.jobs.map(\.waiting) == [0, 6, 3, 7])
    }

    @Test func ioBurstsOverlapWithOtherJobsComputing() throws {
        let jobs = [Job("A", bursts: [.cpu(2), .io(3), .cpu(2)]), Job("B", cpu: 3)]
        let result = try Simulator().run(jobs, policy: FirstComeFirstServed())
        #expect(result.timeline == Timeline([(.run("A"), 2), (.run("B"), 3), (.run("A"), 2)]))
        #expect(result.statistics.makespan == 7)
        #expect(result.statistics.cpuUtilization == 1)
        #expect(result.statistics.jobs.map(\.waiting) == [0, 2])
    }

    @Test func theProcessorIdlesWhileEveryJobWaitsForIO() throws {
        let jobs = [Job("A", bursts: [.cpu(1), .io(3), .cpu(1)])]
        let result = try Simulator().run(jobs, policy: FirstComeFirstServed())
        #expect(result.timeline == Timeline([(.run("A"), 1), (.idle, 3), (.run("A"), 1)]))
        #expect(result.statistics.cpuUtilization == 0.4)
    }

    @Test func contextSwitchesCostTimeOnlyBetweenDifferentJobs() throws {
        let jobs = [Job("A", cpu: 3), Job("B", cpu: 2)]
        let result = try Simulator(contextSwitchCost: 1).run(jobs, policy: RoundRobin(quantum: 2))
        #expect(result.timeline == Timeline([(.run("A"), 2), (.contextSwitch, 1), (.run("B"), 2), (.contextSwitch, 1), (.run("A"), 1)]))
        let alone = try Simulator(contextSwitchCost: 1).run([Job("A", cpu: 5)], policy: RoundRobin(quantum: 2))
        #expect(alone.timeline == Timeline([(.run("A"), 5)]))
    }

    @Test func aPolicyThatDispatchesAJobThatIsNotReadyIsStopped() {
        struct Cheater: SchedulingPolicy {
            mutating func jobBecameReady(_ job: ReadyJob) {}
            mutating func nextJob(at time: Int) -> Dispatch? { Dispatch("B") }
        }
        let jobs = [Job("A", cpu: 1), Job("B", arrival: 5, cpu: 1)]
        #expect(throws: Simulator.SimulationError.schedule(.dispatchedJobNotReady(job: "B", time: 0))) {
            try Simulator().run(jobs, policy: Cheater())
        }
        #expect(ScheduleError.dispatchedJobNotReady(job: "B", time: 0).description
            == "the policy chose 'B' at 0, but it is not ready (not arrived, blocked on I/O, finished, or not handed to the policy)")
    }

    @Test func aZeroTimeSliceIsRejected() {
        #expect(throws: Simulator.SimulationError.schedule(.invalidTimeSlice(job: "A", slice: 0))) {
            try Simulator().run([Job("A", cpu: 1)], policy: RoundRobin(quantum: 0))
        }
    }

    @Test func aPolicyThatNeverDispatchesHitsTheTickLimit() {
        struct Lazy: SchedulingPolicy {
            mutating func jobBecameReady(_ job: ReadyJob) {}
            mutating func nextJob(at time: Int) -> Dispatch? { nil }
        }
        let error = Simulator.SimulationError.tickLimitReached(100, unfinished: ["A"])
        #expect(throws: error) { try Simulator(tickLimit: 100).run([Job("A", cpu: 1)], policy: Lazy()) }
        #expect(error.description == "the simulation passed 100 ticks with jobs unfinished (A): does the policy ever dispatch them?")
    }

    @Test func duplicateJobNamesAreRejected() {
        #expect(throws: Simulator.SimulationError.schedule(.duplicateJobName("A"))) {
            try Simulator().run([Job("A", cpu: 1), Job("A", cpu: 2)], policy: FirstComeFirstServed())
        }
    }
}

@Suite struct ScheduleStatisticsTests {
    private let jobs = [Job("A", arrival: 0, bursts: [.cpu(2), .io(2), .cpu(1)]), Job("B", arrival: 1, cpu: 2)]

    @Test func aPossibleHandWrittenTimelineGivesItsFigures() throws {
        let timeline = Timeline([(.run("A"), 2), (.run("B"), 2), (.run("A"), 1)])
        let statistics = try ScheduleStatistics(timeline: timeline, jobs: jobs)
        #expect(statistics.jobs.map(\.completion) == [5, 4])
        #expect(statistics.jobs.map(\.waiting) == [0, 1])
        #expect(statistics.busyTicks == 5)
    }

    @Test func impossibleTimelinesAreExplained() {
        let cases: [(Timeline, ScheduleError, String)] = [
            (Timeline([(.run("A"), 2), (.run("Z"), 1)]), .unknownJob("Z"),
             "the timeline runs 'Z', which is not one of the jobs"),
            (Timeline([(.run("B"), 2), (.run("A"), 2), (.idle, 2), (.run("A"), 1)]), .ranBeforeArrival(job: "B", time: 0, arrival: 1),
             "'B' runs at 0 but arrives only at 1"),
            (Timeline([(.run("A"), 3), (.run("B"), 2)]), .ranDuringIO(job: "A", time: 2, ioEnds: 4),
             "'A' runs at 2 while it waits for I/O until 4"),
            (Timeline([(.run("A"), 2), (.run("B"), 1), (.run("A"), 1), (.run("B"), 1)]), .ranDuringIO(job: "A", time: 3, ioEnds: 4),
             "'A' runs at 3 while it waits for I/O until 4"),
            (Timeline([(.run("A"), 2), (.run("B"), 2)]), .wrongCPUTime(job: "A", ran: 2, needs: 3),
             "'A' runs for 2 ticks but needs 3"),
        ]
        for (timeline, expected, message) in cases {
            #expect(throws: expected) { try ScheduleStatistics(timeline: timeline, jobs: jobs) }
            #expect(expected.description == message)
        }
    }

    @Test func theTimelinePrintsAsAGanttChart() {
        let timeline = Timeline([(.run("A"), 4), (.run("B"), 2), (.contextSwitch, 1), (.idle, 2), (.run("A"), 1)])
        #expect(timeline.description == """
            |A   |B |cs |-- |A |
            0    4  6   7   9  10
            """)
    }
}
