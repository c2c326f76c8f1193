import CourseChecks
import Multitasking
import SchedulingRr
import Testing

/// The lesson's four jobs.
private let classic = [
    Job("A", arrival: 0, cpu: 8), Job("B", arrival: 1, cpu: 4),
    Job("C", arrival: 2, cpu: 9), Job("D", arrival: 3, cpu: 5),
]

/// Round robin as a policy for the runtime's simulator: what the student's hand-made timeline
/// must agree with. (The simulator reports arrivals before the job whose slice ran out.)
private struct ReferenceRoundRobin: SchedulingPolicy {
    let quantum: Int
    var ready: [String] = []
    mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job.name) }
    mutating func nextJob(at time: Int) -> Dispatch? {
        ready.isEmpty ? nil : Dispatch(ready.removeFirst(), timeSlice: quantum)
    }
}

private func reference(_ jobs: [Job], quantum: Int, cost: Int) throws -> Timeline {
    try Simulator(contextSwitchCost: cost).run(jobs, policy: ReferenceRoundRobin(quantum: quantum)).timeline
}

@Suite struct RoundRobinTests {
    @Test func theLessonsExampleWithAQuantumOfFour() {
        let timeline = roundRobinTimeline(classic, quantum: 4, contextSwitchCost: 0)
        let expected = Timeline([
            (.run("A"), 4), (.run("B"), 4), (.run("C"), 4), (.run("D"), 4),
            (.run("A"), 4), (.run("C"), 4), (.run("D"), 1), (.run("C"), 1),
        ])
        #expect(timeline == expected, """
            When A's first slice ends at 4, B, C and D have arrived: they are in the queue before A.
            """)
    }

    @Test func aJobPreemptedAtTheTickAnotherArrivesGoesBehindIt() {
        let jobs = [Job("A", cpu: 4), Job("B", arrival: 2, cpu: 2)]
        let timeline = roundRobinTimeline(jobs, quantum: 2, contextSwitchCost: 0)
        #expect(timeline.runOrder == ["A", "B", "A"], """
            B arrives at 2, the tick A's first slice ends: B joins the queue first, then A; got
            \(timeline)
            """)
    }

    @Test func eachSliceLastsExactlyOneQuantum() {
        let jobs = [Job("A", cpu: 7), Job("B", cpu: 7)]
        for quantum in [1, 2, 3] {
            let timeline = roundRobinTimeline(jobs, quantum: quantum, contextSwitchCost: 0)
            let slices = timeline.segments.map(\.length)
            let expected = Array(repeating: quantum, count: 2 * (7 / quantum)) + (7 % quantum == 0 ? [] : [7 % quantum, 7 % quantum])
            #expect(slices == expected, """
                two jobs of 7 ticks with a quantum of \(quantum) should run in slices \(expected), got \(slices):
                \(timeline)
                """)
        }
    }

    @Test func aQuantumLongerThanEveryJobIsFirstComeFirstServed() {
        let timeline = roundRobinTimeline(classic, quantum: 100, contextSwitchCost: 0)
        let expected = Timeline([(.run("A"), 8), (.run("B"), 4), (.run("C"), 9), (.run("D"), 5)])
        #expect(timeline == expected,
                "with a quantum longer than every job, round robin runs them in arrival order:\n\(timeline)")
    }

    @Test func switchingToAnotherJobCostsTime() {
        let jobs = [Job("A", cpu: 3), Job("B", cpu: 2)]
        let timeline = roundRobinTimeline(jobs, quantum: 2, contextSwitchCost: 1)
        let expected = Timeline([(.run("A"), 2), (.contextSwitch, 1), (.run("B"), 2), (.contextSwitch, 1), (.run("A"), 1)])
        #expect(timeline == expected,
                "expected |A |cs |B |cs |A | (A 0-2, switch, B 3-5, switch, A 6-7), got\n\(timeline)")
    }

    @Test func aJobThatContinuesPaysNoSwitch() {
        let timeline = roundRobinTimeline([Job("A", cpu: 5)], quantum: 2, contextSwitchCost: 3)
        let expected = Timeline([(.run("A"), 5)])
        #expect(timeline == expected,
                "a job alone runs slice after slice without switching, got\n\(timeline)")
    }

    @Test func theProcessorIdlesUntilTheNextArrival() {
        let jobs = [Job("A", cpu: 2), Job("B", arrival: 5, cpu: 2)]
        let timeline = roundRobinTimeline(jobs, quantum: 4, contextSwitchCost: 1)
        let expected = Timeline([(.run("A"), 2), (.idle, 3), (.contextSwitch, 1), (.run("B"), 2)])
        #expect(timeline == expected, """
            A runs 0-2, nothing is ready until B arrives at 5, and starting B (another job than A) \
            costs the switch: expected |A |-- |cs |B |, got
            \(timeline)
            """)
    }

    @Test func shorterQuantaMeanMoreSwitchesAndALaterFinish() throws {
        var previousEnd = Int.max
        for quantum in [1, 2, 4, 8] {
            let timeline = roundRobinTimeline(classic, quantum: quantum, contextSwitchCost: 1)
            let statistics = try ScheduleStatistics(timeline: timeline, jobs: classic)
            #expect(timeline.end <= previousEnd,
                    "with a switch cost, a quantum of \(quantum) should finish no later than a shorter one")
            #expect(statistics.busyTicks == 26, "the jobs compute 26 ticks whatever the quantum")
            previousEnd = timeline.end
        }
    }

    /// Random job sets full of ties (equal arrivals, equal bursts, arrivals at the tick a slice
    /// ends) against the reference; a difference is shown on the smallest job set that has it.
    @Test func agreesWithTheReferenceOnRandomJobSets() throws {
        var workloads = RandomWorkloads()
        let disagreement = try workloads.firstDisagreement(
            rounds: 400, .init(jobs: 1...6, arrivals: 0...10, bursts: 1...7),
            parameters: { (quantum: $0.number(in: 1...4), switchCost: $0.number(in: 0...2)) }
        ) { jobs, parameters -> String? in
            let expected = try reference(jobs, quantum: parameters.quantum, cost: parameters.switchCost)
            let timeline = roundRobinTimeline(jobs, quantum: parameters.quantum, contextSwitchCost: parameters.switchCost)
            return timeline == expected ? nil : "expected\n\(expected)\ngot\n\(timeline)"
        }
        #expect(disagreement == nil, "\(disagreement ?? "")")
    }
}
