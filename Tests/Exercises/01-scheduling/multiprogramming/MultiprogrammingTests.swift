import CourseChecks
import Multiprogramming
import Multitasking
import Testing

/// The lesson's two jobs: A computes, reads, computes; B computes, writes, computes.
private let lessonJobs = [
    Job("A", bursts: [.cpu(2), .io(4), .cpu(2)]),
    Job("B", bursts: [.cpu(3), .io(2), .cpu(1)]),
]

/// Three jobs that mostly wait for their devices.
private let ioBoundJobs = ["A", "B", "C"].map { Job($0, bursts: [.cpu(1), .io(5), .cpu(1)]) }

@Suite struct MultiprogrammingTests {
    @Test func oneAtATimeTakesTheSumOfTheJobs() {
        #expect(elapsedOneAtATime(lessonJobs) == 14,
                "A takes 2 + 4 + 2 = 8 ticks and B 3 + 2 + 1 = 6 when they run one after the other: T1 + T2 = 14")
        #expect(elapsedOneAtATime(ioBoundJobs) == 21, "three jobs of 1 + 5 + 1 ticks one after the other take 21")
    }

    @Test func oneAtATimeWaitsForALateJob() {
        let jobs = [Job("A", cpu: 2), Job("B", arrival: 5, cpu: 1)]
        #expect(elapsedOneAtATime(jobs) == 6, "B arrives at 5, after A is done at 2: it runs 5-6")
    }

    @Test func multiprogrammingOverlapsOneJobsIOWithAnothersComputing() throws {
        let elapsed = try elapsedMultiprogrammed(lessonJobs)
        #expect(elapsed == 9, """
            expected 9 ticks (A 0-2, B 2-5 while A reads, A 6-8, B 8-9), got \(elapsed): \
            the processor should run B while A waits for its I/O
            """)
        #expect(elapsed < elapsedOneAtATime(lessonJobs), "together in memory the jobs should finish sooner than T1 + T2")
    }

    @Test func multiprogrammingHelpsIOBoundJobsMost() throws {
        let elapsed = try elapsedMultiprogrammed(ioBoundJobs)
        #expect(elapsed == 9, """
            expected 9 ticks (A, B, C compute 0-3, all wait for I/O 3-6, then compute 6-9), got \(elapsed)
            """)
    }

    @Test func nothingToOverlapWithoutIO() throws {
        let jobs = [Job("A", cpu: 3), Job("B", cpu: 4)]
        #expect(try elapsedMultiprogrammed(jobs) == 7, "jobs that only compute gain nothing: 3 + 4 ticks either way")
        let alone = [Job("A", bursts: [.cpu(2), .io(3), .cpu(1)])]
        #expect(try elapsedMultiprogrammed(alone) == 6, "a job alone has nobody to run during its I/O: 2 + 3 + 1 ticks")
    }

    @Test func multiprogrammingWaitsForALateJob() throws {
        let jobs = [Job("A", cpu: 2), Job("B", arrival: 5, cpu: 1)]
        #expect(try elapsedMultiprogrammed(jobs) == 6, "B arrives at 5 and runs 5-6")
    }

    @Test func utilisationIsTheShareOfTimeSpentComputing() {
        let oneAtATime = cpuUtilization(of: lessonJobs, elapsed: 14)
        #expect(abs(oneAtATime - 8.0 / 14.0) < 1e-9,
                "A and B compute 2 + 2 + 3 + 1 = 8 of 14 ticks one at a time: expected 0.571, got \(oneAtATime)")
        let together = cpuUtilization(of: lessonJobs, elapsed: 9)
        #expect(abs(together - 8.0 / 9.0) < 1e-9,
                "the same 8 ticks of computing in 9 ticks multiprogrammed: expected 0.889, got \(together)")
        #expect(cpuUtilization(of: lessonJobs, elapsed: 0) == 0, "nothing elapsed, no utilisation")
    }

    @Test func utilisationNeverExceedsOne() throws {
        for jobs in [lessonJobs, ioBoundJobs, [Job("A", cpu: 3), Job("B", cpu: 4)]] {
            let elapsed = try elapsedMultiprogrammed(jobs)
            let utilisation = cpuUtilization(of: jobs, elapsed: elapsed)
            #expect(utilisation <= 1, """
                one processor cannot be busy more than 100% of the time, got \(utilisation) for \(jobs) \
                in \(elapsed) ticks: count only CPU bursts, I/O happens on the devices
                """)
        }
        let ioBound = cpuUtilization(of: ioBoundJobs, elapsed: 9)
        #expect(abs(ioBound - 6.0 / 9.0) < 1e-9, "three jobs compute 6 of 9 ticks: expected 0.667, got \(ioBound)")
    }

    /// Random job sets (late arrivals, equal arrivals, several I/O bursts) against the
    /// reference; a difference is shown on the smallest job set that has it.
    @Test func randomJobSetsAgreeWithTheReference() throws {
        var workloads = RandomWorkloads()
        let disagreement = try workloads.firstDisagreement(
            rounds: 300, .init(jobs: 1...5, arrivals: 0...12, bursts: 1...6, cpuBursts: 1...3), parameters: { _ in () }
        ) { jobs, _ -> String? in
            let serial = referenceOneAtATime(jobs)
            let together = try Simulator().run(jobs, policy: ReferenceFirstComeFirstServed()).statistics.makespan
            let computing = Double(jobs.map(\.totalCPU).reduce(0, +))
            var wrong: [String] = []
            if elapsedOneAtATime(jobs) != serial { wrong.append("elapsedOneAtATime should be \(serial), got \(elapsedOneAtATime(jobs))") }
            let multiprogrammed = try elapsedMultiprogrammed(jobs)
            if multiprogrammed != together { wrong.append("elapsedMultiprogrammed should be \(together), got \(multiprogrammed)") }
            for elapsed in [serial, together] where abs(cpuUtilization(of: jobs, elapsed: elapsed) - computing / Double(elapsed)) > 1e-9 {
                wrong.append("cpuUtilization in \(elapsed) ticks should be \(computing / Double(elapsed)), got \(cpuUtilization(of: jobs, elapsed: elapsed))")
            }
            return wrong.isEmpty ? nil : wrong.joined(separator: "\n")
        }
        #expect(disagreement == nil, "\(disagreement ?? "")")
    }
}

/// One job at a time, in the order given, none before its arrival.
private func referenceOneAtATime(_ jobs: [Job]) -> Int {
    jobs.reduce(0) { clock, job in max(clock, job.arrival) + job.totalCPU + job.totalIO }
}

private struct ReferenceFirstComeFirstServed: SchedulingPolicy {
    var ready: [String] = []
    mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job.name) }
    mutating func nextJob(at time: Int) -> Dispatch? { ready.isEmpty ? nil : Dispatch(ready.removeFirst()) }
}
