import CourseChecks
import Multitasking
import SchedulingMlfq
import XCTest

/// Runs `jobs` under the student's queue; one that leaves jobs unrun stops after 10,000 ticks.
private func simulate(
    _ jobs: [Job], quanta: [Int], boostInterval: Int, file: StaticString = #filePath, line: UInt = #line
) throws -> Simulator.Result {
    do {
        return try Simulator(tickLimit: 10_000).run(jobs, policy: MultilevelFeedbackQueue(quanta: quanta, boostInterval: boostInterval))
    } catch {
        XCTFail("running \(jobs) on the simulator failed: \(error)", file: file, line: line)
        throw error
    }
}

/// A job that computes one tick and waits `io` ticks for a device, `rounds` times over.
private func interactive(_ name: String, rounds: Int, io: Int = 1, arrival: Int = 0) -> Job {
    Job(name, arrival: arrival, bursts: Array(repeating: [Job.Burst.cpu(1), .io(io)], count: rounds).flatMap { $0 } + [.cpu(1)])
}

/// The longest stretch during which `job` (which only computes) had arrived, was unfinished and
/// did not run.
private func longestWait(of job: Job, in timeline: Timeline) -> Int {
    var previousEnd = job.arrival
    var longest = 0
    for segment in timeline.segments where segment.activity == .run(job.name) {
        longest = max(longest, segment.start - previousEnd)
        previousEnd = segment.end
    }
    return longest
}

final class MultilevelFeedbackQueueTests: XCTestCase {
    func testAJobThatUsesItsWholeSliceMovesDownALevel() throws {
        let jobs = [Job("A", cpu: 10), Job("B", cpu: 10)]
        let timeline = try simulate(jobs, quanta: [1, 2, 4], boostInterval: 1_000).timeline
        XCTAssertEqual(timeline.runOrder, ["A", "B", "A", "B", "A", "B", "A", "B"], "\(timeline)")
        XCTAssertEqual(timeline.segments.map(\.length), [1, 1, 2, 2, 4, 4, 3, 3], """
            each full slice moves a job one level down, to a longer quantum: 1 tick on level 0, \
            2 on level 1, then 4 on the last level, where it stays:
            \(timeline)
            """)
    }

    func testTheLastLevelTakesTurnsLikeRoundRobin() throws {
        let jobs = [Job("A", cpu: 7), Job("B", cpu: 7)]
        let timeline = try simulate(jobs, quanta: [1, 2], boostInterval: 1_000).timeline
        XCTAssertEqual(timeline.segments.map(\.length), [1, 1, 2, 2, 2, 2, 2, 2], """
            after one tick on level 0, both jobs stay on the last level and take turns of 2 ticks:
            \(timeline)
            """)
    }

    func testANewArrivalGoesToTheTopLevel() throws {
        let jobs = [Job("A", cpu: 10), Job("B", arrival: 5, cpu: 3)]
        let timeline = try simulate(jobs, quanta: [2, 4, 8], boostInterval: 1_000).timeline
        XCTAssertEqual(timeline, Timeline([(.run("A"), 6), (.run("B"), 3), (.run("A"), 4)]), """
            A runs 2 ticks on level 0 and 4 on level 1; B arrives at 5 on level 0 and runs first at 6 \
            (2 ticks, then its last tick on level 1, still above A on level 2); then A:
            \(timeline)
            """)
    }

    func testAJobBackFromIOKeepsItsLevel() throws {
        // I computes 1 tick at a time and never uses a whole slice: it stays on level 0, and
        // after each I/O it runs as soon as the current slice of a long job ends.
        let jobs = [Job("L1", cpu: 40), Job("L2", cpu: 40), interactive("I", rounds: 5, io: 3)]
        let timeline = try simulate(jobs, quanta: [2, 4, 8], boostInterval: 1_000).timeline
        let runs = timeline.segments.filter { $0.activity == .run("I") }
        XCTAssertEqual(runs.count, 6, "I computes 6 times:\n\(timeline)")
        for (previous, next) in zip(runs, runs.dropFirst()) {
            let ready = previous.end + 3
            XCTAssertLessThanOrEqual(next.start - ready, 8, """
                I was ready again at \(ready) (its I/O done) but ran only at \(next.start): a job back from \
                I/O keeps its level (0 here), so it waits at most for the slice running (8 ticks), not \
                behind the long jobs of the last level:
                \(timeline)
                """)
        }
    }

    func testLongJobsDoNotStarveBehindInteractiveOnes() throws {
        // X and Y keep level 0 busy for about 240 ticks; L sinks to the last level after 6 ticks.
        let long = Job("L", cpu: 12)
        let jobs = [long, interactive("X", rounds: 60), interactive("Y", rounds: 60)]
        let result = try simulate(jobs, quanta: [2, 4, 8], boostInterval: 20)
        let wait = longestWait(of: long, in: result.timeline)
        XCTAssertLessThanOrEqual(wait, 40, """
            L waited \(wait) ticks in a row for the processor although the boost interval is 20: every 20 \
            ticks all jobs should go back to level 0, so that L gets a slice:
            \(result.timeline)
            """)
        let completion = try XCTUnwrap(result.statistics.jobs.first { $0.name == "L" }).completion
        XCTAssertLessThan(completion, 150, "L should finish long before the interactive jobs (at \(result.statistics.makespan)), finished at \(completion)")
    }

    /// Random job sets with I/O (jobs back from I/O at the tick another's slice ends, equal
    /// arrivals, boosts that fall while jobs wait on every level) against the reference; a
    /// difference is shown on the smallest job set that has it.
    func testRandomJobSetsAgreeWithTheReference() throws {
        var workloads = RandomWorkloads()
        let disagreement = try workloads.firstDisagreement(
            rounds: 300, .init(jobs: 1...5, arrivals: 0...8, bursts: 1...6, cpuBursts: 1...3),
            parameters: { draw in
                (quanta: (0..<draw.number(in: 1...3)).map { _ in draw.number(in: 1...4) },
                 boostInterval: draw.number(in: 1...25))
            }
        ) { jobs, parameters -> String? in
            let simulator = Simulator(tickLimit: 10_000)
            let expected = try simulator.run(jobs, policy: ReferenceQueue(quanta: parameters.quanta, boostInterval: parameters.boostInterval)).timeline
            let timeline: Timeline
            do {
                timeline = try simulator.run(jobs, policy: MultilevelFeedbackQueue(quanta: parameters.quanta, boostInterval: parameters.boostInterval)).timeline
            } catch {
                return "the simulator stopped: \(error)"
            }
            return timeline == expected ? nil : "expected\n\(expected)\ngot\n\(timeline)"
        }
        XCTAssertNil(disagreement, disagreement ?? "")
    }
}

/// The queue as the exercise defines it, for the random job sets.
private struct ReferenceQueue: SchedulingPolicy {
    let quanta: [Int]
    let boostInterval: Int
    var queues: [[String]]
    var levels: [String: Int] = [:]
    var lastBoost = 0

    init(quanta: [Int], boostInterval: Int) {
        (self.quanta, self.boostInterval) = (quanta, boostInterval)
        queues = Array(repeating: [], count: quanta.count)
    }

    mutating func jobBecameReady(_ job: ReadyJob) {
        let current = levels[job.name] ?? 0
        let level = switch job.reason {
        case .arrived: 0
        case .finishedIO: current
        case .sliceExpired: min(current + 1, quanta.count - 1)
        }
        levels[job.name] = level
        queues[level].append(job.name)
    }

    mutating func nextJob(at time: Int) -> Dispatch? {
        if time - lastBoost >= boostInterval {
            // Every job back to level 0, the queued ones in their order, level 0's first.
            queues = [queues.flatMap { $0 }] + Array(repeating: [], count: quanta.count - 1)
            for name in levels.keys { levels[name] = 0 }
            lastBoost = time
        }
        guard let level = queues.firstIndex(where: { !$0.isEmpty }) else { return nil }
        return Dispatch(queues[level].removeFirst(), timeSlice: quanta[level])
    }
}
