import CourseChecks
import Multitasking
import SchedulingFcfsSjf
import XCTest

/// The lesson's four jobs.
private let classic = [
    Job("A", arrival: 0, cpu: 8), Job("B", arrival: 1, cpu: 4),
    Job("C", arrival: 2, cpu: 9), Job("D", arrival: 3, cpu: 5),
]

/// Runs `jobs` under `policy`; a policy that leaves jobs unrun stops after 10,000 ticks.
private func simulate(
    _ jobs: [Job], _ policy: some SchedulingPolicy, file: StaticString = #filePath, line: UInt = #line
) throws -> Simulator.Result {
    do {
        return try Simulator(tickLimit: 10_000).run(jobs, policy: policy)
    } catch {
        XCTFail("running \(jobs) on the simulator failed: \(error)", file: file, line: line)
        throw error
    }
}

final class BatchSchedulingTests: XCTestCase {
    // MARK: First come, first served

    func testFirstComeFirstServedRunsJobsInArrivalOrder() throws {
        let result = try simulate(classic, FirstComeFirstServed())
        XCTAssertEqual(result.timeline.runOrder, ["A", "B", "C", "D"], "FCFS runs the jobs in the order they arrive")
        XCTAssertEqual(result.timeline, Timeline([(.run("A"), 8), (.run("B"), 4), (.run("C"), 9), (.run("D"), 5)]),
                       "each job runs its whole burst once it has the processor:\n\(result.timeline)")
    }

    func testFirstComeFirstServedKeepsTheOrderOfJobsArrivingTogether() throws {
        let jobs = [Job("X", cpu: 2), Job("Y", cpu: 1), Job("Z", cpu: 3)]
        XCTAssertEqual(try simulate(jobs, FirstComeFirstServed()).timeline.runOrder, ["X", "Y", "Z"],
                       "jobs arriving at the same tick run in the order the simulator reports them")
    }

    // MARK: Shortest job first

    func testShortestJobFirstPicksTheShortestReadyBurst() throws {
        let result = try simulate(classic, ShortestJobFirst())
        XCTAssertEqual(result.timeline.runOrder, ["A", "B", "D", "C"], """
            at 0 only A is ready, so it runs to 8; then the shortest of B (4), C (9), D (5) first:
            \(result.timeline)
            """)
    }

    func testShortestJobFirstDoesNotPreempt() throws {
        let jobs = [Job("long", cpu: 6), Job("short", arrival: 1, cpu: 1)]
        let result = try simulate(jobs, ShortestJobFirst())
        XCTAssertEqual(result.timeline, Timeline([(.run("long"), 6), (.run("short"), 1)]), """
            non-preemptive SJF lets the running job finish its burst even when a shorter one arrives \
            (dispatch without a time slice):
            \(result.timeline)
            """)
    }

    func testShortestJobFirstBreaksTiesByWhoBecameReadyFirst() throws {
        let jobs = [Job("L", arrival: 0, cpu: 5), Job("P", arrival: 1, cpu: 3), Job("Q", arrival: 2, cpu: 3), Job("R", arrival: 3, cpu: 3)]
        let order = try simulate(jobs, ShortestJobFirst()).timeline.runOrder
        XCTAssertEqual(order, ["L", "P", "Q", "R"], """
            P, Q and R all need 3 ticks: among equal bursts the job that became ready first runs first \
            (P arrived at 1, Q at 2, R at 3), got \(order)
            """)
        let together = [Job("first", cpu: 2), Job("second", cpu: 2), Job("third", cpu: 1)]
        let togetherOrder = try simulate(together, ShortestJobFirst()).timeline.runOrder
        XCTAssertEqual(togetherOrder, ["third", "first", "second"],
                       "jobs of equal bursts arriving at the same tick keep the order they were reported in, got \(togetherOrder)")
    }

    func testShortestJobFirstLooksAtTheNextCPUBurst() throws {
        let jobs = [
            Job("A", cpu: 4),
            Job("X", arrival: 1, bursts: [.cpu(2), .io(10), .cpu(9)]),
            Job("Y", arrival: 1, cpu: 3),
        ]
        let order = try simulate(jobs, ShortestJobFirst()).timeline.runOrder
        XCTAssertEqual(order, ["A", "X", "Y", "X"], """
            at 4, X's next CPU burst (2 ticks) is shorter than Y's (3), although X computes 11 ticks in all: \
            SJF compares `remainingBurst`, got \(order)
            """)
    }

    // MARK: Waiting and turnaround

    func testFiguresOfTheLessonsFirstComeFirstServedSchedule() throws {
        let result = try simulate(classic, FirstComeFirstServed())
        XCTAssertEqual(jobTimes(classic, in: result.timeline), [
            JobTimes(name: "A", waiting: 0, turnaround: 8), JobTimes(name: "B", waiting: 7, turnaround: 11),
            JobTimes(name: "C", waiting: 10, turnaround: 19), JobTimes(name: "D", waiting: 18, turnaround: 23),
        ], "turnaround = completion − arrival, waiting = turnaround − CPU − I/O")
    }

    func testFiguresOfTheLessonsShortestJobFirstSchedule() throws {
        let result = try simulate(classic, ShortestJobFirst())
        let times = jobTimes(classic, in: result.timeline)
        XCTAssertEqual(times, [
            JobTimes(name: "A", waiting: 0, turnaround: 8), JobTimes(name: "B", waiting: 7, turnaround: 11),
            JobTimes(name: "C", waiting: 15, turnaround: 24), JobTimes(name: "D", waiting: 9, turnaround: 14),
        ])
        let averageWaiting = Double(times.map(\.waiting).reduce(0, +)) / Double(times.count)
        XCTAssertEqual(averageWaiting, 7.75, "SJF's average waiting (7.75) beats FCFS's (8.75) on the same jobs")
    }

    func testFiguresCountFromEachJobsArrival() {
        let jobs = [Job("A", arrival: 3, cpu: 2), Job("B", arrival: 4, cpu: 1)]
        let timeline = Timeline([(.idle, 3), (.run("A"), 2), (.run("B"), 1)])
        XCTAssertEqual(jobTimes(jobs, in: timeline), [
            JobTimes(name: "A", waiting: 0, turnaround: 2), JobTimes(name: "B", waiting: 1, turnaround: 2),
        ], """
            A arrives at 3 and completes at 5: turnaround 2, not 5; B arrives at 4, completes at 6: \
            turnaround 2, of which 1 tick waiting. Subtract the arrival time.
            """)
    }

    func testFiguresLeaveOutTimeSpentOnIO() {
        let jobs = [Job("A", bursts: [.cpu(2), .io(2), .cpu(1)]), Job("B", arrival: 1, cpu: 2)]
        let timeline = Timeline([(.run("A"), 2), (.run("B"), 2), (.run("A"), 1)])
        XCTAssertEqual(jobTimes(jobs, in: timeline), [
            JobTimes(name: "A", waiting: 0, turnaround: 5), JobTimes(name: "B", waiting: 1, turnaround: 3),
        ], "A's 2 ticks of I/O are not waiting for the processor")
    }

    /// Random job sets full of ties (equal arrivals, equal next bursts, jobs back from I/O at
    /// the tick another arrives) against the reference policies; the figures against the
    /// simulator's statistics. A difference is shown on the smallest job set that has it.
    func testRandomJobSetsAgreeWithTheReference() throws {
        var workloads = RandomWorkloads()
        let disagreement = try workloads.firstDisagreement(
            rounds: 300, .init(jobs: 1...6, arrivals: 0...6, bursts: 1...5, cpuBursts: 1...3), parameters: { _ in () }
        ) { jobs, _ -> String? in
            try compare("FCFS", jobs, FirstComeFirstServed(), ReferenceFirstComeFirstServed())
                ?? compare("SJF", jobs, ShortestJobFirst(), ReferenceShortestJobFirst())
        }
        XCTAssertNil(disagreement, disagreement ?? "")
    }
}

/// How `policy` differs from `reference` on `jobs` (its schedule, or `jobTimes` of it), or nil.
private func compare(_ name: String, _ jobs: [Job], _ policy: some SchedulingPolicy, _ reference: some SchedulingPolicy) throws -> String? {
    let simulator = Simulator(tickLimit: 10_000)
    let expected = try simulator.run(jobs, policy: reference)
    let result: Simulator.Result
    do {
        result = try simulator.run(jobs, policy: policy)
    } catch {
        return "\(name) failed on the simulator: \(error)"
    }
    if result.timeline != expected.timeline {
        return "\(name) should give\n\(expected.timeline)\ngot\n\(result.timeline)"
    }
    let figures = expected.statistics.jobs.map { JobTimes(name: $0.name, waiting: $0.waiting, turnaround: $0.turnaround) }
    let times = jobTimes(jobs, in: expected.timeline)
    return times == figures ? nil : "jobTimes of the \(name) schedule\n\(expected.timeline)\nshould be \(figures), got \(times)"
}

/// The policies as the lesson defines them, for the random job sets.
private struct ReferenceFirstComeFirstServed: SchedulingPolicy {
    var ready: [String] = []
    mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job.name) }
    mutating func nextJob(at time: Int) -> Dispatch? { ready.isEmpty ? nil : Dispatch(ready.removeFirst()) }
}

private struct ReferenceShortestJobFirst: SchedulingPolicy {
    var ready: [ReadyJob] = []
    mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job) }
    mutating func nextJob(at time: Int) -> Dispatch? {
        // The first of the shortest: among equal bursts, the job that became ready first.
        guard let shortest = ready.map(\.remainingBurst).min() else { return nil }
        return Dispatch(ready.remove(at: ready.firstIndex { $0.remainingBurst == shortest }!).name)
    }
}
