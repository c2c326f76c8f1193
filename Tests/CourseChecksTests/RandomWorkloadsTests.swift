import CourseChecks
import Multitasking
import Testing

/// The workload generator and shrinker of chapter 1's differential tests.
struct RandomWorkloadsTests {
    @Test func aSeedGivesTheSameWorkloadsAgain() {
        var first = RandomWorkloads(seed: 42)
        var second = RandomWorkloads(seed: 42)
        let shape = RandomWorkloads.Shape(cpuBursts: 1...3)
        for _ in 0..<20 { #expect(first.jobs(shape) == second.jobs(shape)) }
        #expect(RandomWorkloads(seed: 42).seed == 42)
    }

    @Test func workloadsKeepToTheirShapeAndHaveTies() {
        var workloads = RandomWorkloads(seed: 7)
        let shape = RandomWorkloads.Shape(jobs: 2...4, arrivals: 0...3, bursts: 1...4, cpuBursts: 1...2)
        var equalArrivals = 0
        for _ in 0..<200 {
            let jobs = workloads.jobs(shape)
            #expect(shape.jobs.contains(jobs.count))
            #expect(jobs.allSatisfy { shape.arrivals.contains($0.arrival) && $0.bursts.allSatisfy { shape.bursts.contains($0.length) } })
            #expect(jobs.allSatisfy { shape.cpuBursts.contains(($0.bursts.count + 1) / 2) })
            #expect(Set(jobs.map(\.name)).count == jobs.count, "names are unique")
            if Set(jobs.map(\.arrival)).count < jobs.count { equalArrivals += 1 }
        }
        #expect(equalArrivals > 50, "many job sets have equal arrivals, had \(equalArrivals) of 200")
    }

    @Test func shrinkingFindsTheSmallestFailingWorkload() {
        // "Fails" whenever some job arrives at 2 or later and computes 3 ticks or more.
        let jobs = [Job("A", arrival: 5, cpu: 6), Job("B", arrival: 0, cpu: 2), Job("C", arrival: 4, bursts: [.cpu(4), .io(3), .cpu(5)])]
        let smallest = RandomWorkloads.shrink(jobs) { $0.contains { $0.arrival >= 2 && $0.totalCPU >= 3 } }
        // Greedy: A goes first (C alone still fails), then C loses its last bursts and ticks.
        #expect(smallest == [Job("C", arrival: 2, cpu: 3)])
    }

    @Test func agreementReportsNothing() {
        var workloads = RandomWorkloads(seed: 3)
        let report = workloads.firstDisagreement(rounds: 50, .init(), parameters: { $0.number(in: 1...4) }) { jobs, quantum in
            jobs.map(\.totalCPU).reduce(0, +) == jobs.map(\.totalCPU).reduce(0, +) ? nil : "never"
        }
        #expect(report == nil)
    }

    @Test func aDisagreementIsReportedShrunkWithItsSeed() {
        var workloads = RandomWorkloads(seed: 11)
        // A wrong "total CPU" that forgets the last job when two jobs arrive together.
        let report = workloads.firstDisagreement(rounds: 200, .init(jobs: 1...6), parameters: { _ in () }) { jobs, _ in
            let right = jobs.map(\.totalCPU).reduce(0, +)
            let wrong = Set(jobs.map(\.arrival)).count < jobs.count ? right - jobs.last!.totalCPU : right
            return right == wrong ? nil : "expected \(right), got \(wrong)"
        }
        #expect(report?.contains("(seed 11)") == true, "\(report ?? "no report")")
        let jobsLine = report?.split(separator: "\n").first { $0.hasPrefix("jobs [") } ?? ""
        #expect(jobsLine.split(separator: ",").count == 2 && jobsLine.ranges(of: "[cpu 1]").count == 2,
                "two jobs of one tick arriving together is the smallest: \(report ?? "no report")")
        #expect(report?.contains("expected 2, got 1") == true, "\(report ?? "no report")")
    }
}
