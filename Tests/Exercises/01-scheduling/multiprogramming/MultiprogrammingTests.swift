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

    @Test func multiprogrammingIsNeverSlowerAndRaisesUtilisation() throws {
        var generator = SplitMix(seed: 7)
        for round in 0..<50 {
            let jobs = (0..<Int.random(in: 1...4, using: &generator)).map { index in
                let bursts = (0..<(2 * Int.random(in: 0...2, using: &generator) + 1)).map { position -> Job.Burst in
                    let ticks = Int.random(in: 1...6, using: &generator)
                    return position % 2 == 0 ? .cpu(ticks) : .io(ticks)
                }
                return Job("J\(index)", bursts: bursts)
            }
            let serial = elapsedOneAtATime(jobs)
            let together = try elapsedMultiprogrammed(jobs)
            #expect(together <= serial, "round \(round): \(jobs) took \(together) ticks together, \(serial) one at a time")
            let utilisation = (serial: cpuUtilization(of: jobs, elapsed: serial), together: cpuUtilization(of: jobs, elapsed: together))
            #expect(utilisation.together >= utilisation.serial,
                    "round \(round): \(jobs): utilisation \(utilisation.together) together, \(utilisation.serial) one at a time")
            #expect(utilisation.together <= 1, "round \(round): \(jobs): utilisation \(utilisation.together) is above 100%")
            if together > serial || utilisation.together > 1 { return }  // one counterexample is enough to read
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
