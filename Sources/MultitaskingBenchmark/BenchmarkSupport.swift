import Glibc

struct BenchmarkOptions: Sendable {
    /// Fewer repetitions, for a smoke run.
    var quick = false
    var sections: Set<String> = []

    init(arguments: [String]) {
        for argument in arguments {
            if argument == "--quick" { quick = true } else { sections.insert(argument) }
        }
    }

    func wants(_ section: String) -> Bool { sections.isEmpty || sections.contains(section) }
}

/// A named group of rows. Each section lives in its own file and adds itself to `all`.
struct BenchmarkSection: Sendable {
    let name: String
    let run: @Sendable (BenchmarkOptions) -> [BenchmarkRow]

    /// The sections in the order the table shows them.
    static let all: [BenchmarkSection] = [threads, locks, queues, processes, exploration].compactMap { $0 }
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The best of `repetitions` timings of `body`, in seconds (the least disturbed run).
func bestTime(repetitions: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repetitions {
        let start = now()
        body()
        best = min(best, now() - start)
    }
    return best
}
