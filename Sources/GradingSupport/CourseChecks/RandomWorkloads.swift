import Multitasking

/// Randomized differential tests for the scheduling simulators of chapter 1: generated job
/// sets, full of the ties and edges a handful of hand-written scenarios miss (equal arrivals,
/// equal bursts, arrivals at the tick a slice ends, gaps where the processor idles), are run
/// through the student's code and through a reference the suite writes, and the first
/// disagreement is shrunk to the smallest workload that still shows it.
///
/// The seed is fresh for each run, so every run tries other workloads, and it is printed with
/// the counterexample: `RandomWorkloads(seed:)` replays it exactly.
public struct RandomWorkloads {
    /// The shape of the generated job sets.
    public struct Shape: Sendable {
        public var jobs: ClosedRange<Int>
        /// Arrivals are drawn from this range (small ranges make equal arrivals common).
        public var arrivals: ClosedRange<Int>
        /// The length of every CPU and I/O burst (small ranges make equal bursts common).
        public var bursts: ClosedRange<Int>
        /// At most this many CPU bursts per job, with an I/O burst between two of them: 1 for
        /// jobs that only compute.
        public var cpuBursts: ClosedRange<Int>

        public init(jobs: ClosedRange<Int> = 1...5, arrivals: ClosedRange<Int> = 0...8,
                    bursts: ClosedRange<Int> = 1...6, cpuBursts: ClosedRange<Int> = 1...1) {
            (self.jobs, self.arrivals, self.bursts, self.cpuBursts) = (jobs, arrivals, bursts, cpuBursts)
        }
    }

    public let seed: UInt64
    private var generator: SplitMix64

    /// `seed`: nil for a fresh one.
    public init(seed: UInt64? = nil) {
        self.seed = seed ?? UInt64.random(in: 1...999_999_999)
        generator = SplitMix64(seed: self.seed)
    }

    /// A number from `range`, for the parameters a suite draws beside the jobs (a quantum).
    public mutating func number(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    /// A job set of `shape`, named A, B, C, ...; half the time every job arrives at the same
    /// tick or with the same burst as another one.
    public mutating func jobs(_ shape: Shape) -> [Job] {
        let count = number(in: shape.jobs)
        let sharedArrival = Bool.random(using: &generator) ? number(in: shape.arrivals) : nil
        let sharedBurst = Bool.random(using: &generator) ? number(in: shape.bursts) : nil
        return (0..<count).map { index in
            let cpuBursts = number(in: shape.cpuBursts)
            let bursts = (0..<(2 * cpuBursts - 1)).map { position -> Job.Burst in
                let length = position == 0 && Bool.random(using: &generator) ? sharedBurst ?? number(in: shape.bursts)
                    : number(in: shape.bursts)
                return position % 2 == 0 ? .cpu(length) : .io(length)
            }
            let arrival = Bool.random(using: &generator) ? sharedArrival ?? number(in: shape.arrivals) : number(in: shape.arrivals)
            return Job(Self.name(index), arrival: arrival, bursts: bursts)
        }
    }

    /// Tries `rounds` job sets of `shape`; `disagreement` returns nil when the student's code
    /// agrees with the reference on them, or says how it differs. Returns nil when every round
    /// agreed, else a report of the smallest disagreeing job set found from the first one.
    ///
    /// `parameters` draws what else a round needs (a quantum, a switch cost); shrinking keeps
    /// them and makes the job set smaller: fewer jobs, earlier arrivals, shorter and fewer bursts.
    public mutating func firstDisagreement<Parameters>(
        rounds: Int, _ shape: Shape,
        parameters: (inout RandomWorkloads) -> Parameters,
        _ disagreement: ([Job], Parameters) throws -> String?
    ) rethrows -> String? {
        for round in 1...rounds {
            let extra = parameters(&self)
            let jobs = jobs(shape)
            guard try disagreement(jobs, extra) != nil else { continue }
            let smallest = try Self.shrink(jobs) { try disagreement($0, extra) != nil }
            let why = try disagreement(smallest, extra) ?? ""
            return """
                random workload \(round) of \(rounds) (seed \(seed)), shrunk from \(jobs.count) jobs to the smallest \
                that still shows the difference:
                jobs \(smallest)\(extra is Void ? "" : ", \(extra)")
                \(why)
                """
        }
        return nil
    }

    /// The smallest job set derived from `jobs` for which `fails` still holds (greedy: take
    /// the first smaller candidate that fails, until none does).
    public static func shrink(_ jobs: [Job], while fails: ([Job]) throws -> Bool) rethrows -> [Job] {
        var smallest = jobs
        var shrunk = true
        while shrunk {
            shrunk = false
            for candidate in smaller(than: smallest) where try fails(candidate) {
                smallest = candidate
                shrunk = true
                break
            }
        }
        return smallest
    }

    /// Every job set one step smaller than `jobs`: one job left out, one arrival earlier, one
    /// burst shorter, or one job's last I/O and CPU bursts left out. Names stay as they were.
    static func smaller(than jobs: [Job]) -> [[Job]] {
        var candidates: [[Job]] = []
        if jobs.count > 1 {
            candidates += jobs.indices.map { index in var fewer = jobs; fewer.remove(at: index); return fewer }
        }
        for (index, job) in jobs.enumerated() {
            func replaced(arrival: Int? = nil, bursts: [Job.Burst]? = nil) -> [Job] {
                var changed = jobs
                changed[index] = Job(job.name, arrival: arrival ?? job.arrival, bursts: bursts ?? job.bursts, priority: job.priority)
                return changed
            }
            if job.arrival > 0 {
                candidates.append(replaced(arrival: 0))
                if job.arrival > 1 { candidates.append(replaced(arrival: job.arrival - 1)) }
            }
            if job.bursts.count > 1 { candidates.append(replaced(bursts: Array(job.bursts.dropLast(2)))) }
            for (position, burst) in job.bursts.enumerated() where burst.length > 1 {
                for length in Set([1, burst.length - 1]) {
                    var bursts = job.bursts
                    bursts[position] = burst.isCPU ? .cpu(length) : .io(length)
                    candidates.append(replaced(bursts: bursts))
                }
            }
        }
        return candidates
    }

    /// A, B, ... Z, then J26, J27, ...
    static func name(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "J\(index)"
    }
}
