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

    func testSchedulesOfRandomJobsAgreeWithTheRuntimesStatistics() throws {
        var generator = SplitMix(seed: 11)
        for round in 0..<40 {
            let jobs = (0..<Int.random(in: 1...5, using: &generator)).map { index in
                let bursts = (0..<(2 * Int.random(in: 0...1, using: &generator) + 1)).map { position -> Job.Burst in
                    let ticks = Int.random(in: 1...7, using: &generator)
                    return position % 2 == 0 ? .cpu(ticks) : .io(ticks)
                }
                return Job("J\(index)", arrival: Int.random(in: 0...12, using: &generator), bursts: bursts)
            }
            for (name, result) in [("FCFS", try simulate(jobs, FirstComeFirstServed())), ("SJF", try simulate(jobs, ShortestJobFirst()))] {
                let expected = result.statistics.jobs.map { JobTimes(name: $0.name, waiting: $0.waiting, turnaround: $0.turnaround) }
                let times = jobTimes(jobs, in: result.timeline)
                XCTAssertEqual(times, expected, "round \(round), \(name), jobs \(jobs):\n\(result.timeline)")
                if times != expected { return }  // one counterexample is enough to read
            }
            let sjf = try simulate(jobs, ShortestJobFirst())
            XCTAssertEqual(sjf.timeline.segments.filter { if case .run = $0.activity { true } else { false } }.count,
                           jobs.map { ($0.bursts.count + 1) / 2 }.reduce(0, +),
                           "round \(round): non-preemptive SJF runs each CPU burst in one piece:\n\(sjf.timeline)")
            if sjf.timeline.runOrder.count != jobs.map({ ($0.bursts.count + 1) / 2 }).reduce(0, +) { return }
        }
    }
}

/// A small seeded generator, so every run tests the same job sets.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
