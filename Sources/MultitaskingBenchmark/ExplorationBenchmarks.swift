import Glibc
import Multitasking
import Synchronization

// The exploration section: for small programs whose bug needs one particular interleaving,
// how many schedules the runtime's explorer needs to fail one (and how long that takes), with
// each strategy, against how many runs on the operating system's scheduler with perturbation
// seeds (and the stall detector to see a hang) show the bug. The Python column is empty: Python
// has no such tool. The programs are the ones of the explorer's self-tests (ExplorationTests).

let explorationSection = BenchmarkSection(name: "exploration") { options in
    let perturbationLimit = options.quick ? 200 : 2000
    var rows: [BenchmarkRow] = []
    for program in BuggyProgram.all {
        let perturbed = runsUntilFailureWithPerturbation(program.body, limit: perturbationLimit)
        for strategy in [ExplorationStrategy.random(seed: 1), .pct(depth: 3, seed: 1), .dfs(preemptions: 2)] {
            let start = now()
            let result = Exploration.explore(strategy, budget: 10_000, program.body)
            let seconds = now() - start
            guard case .failure(let failure) = result else {
                rows.append(BenchmarkRow(
                    section: "exploration", operation: "\(program.name), \(strategy): not found in 10000 schedules",
                    unit: "schedules", higherIsBetter: false, multitasking: .infinity, targetMet: false))
                continue
            }
            let schedules = Double(failure.schedulesTried)
            let ratio = perturbed.map { Double($0) / schedules }
            rows.append(BenchmarkRow(
                section: "exploration", operation: "\(program.name), \(strategy): schedules to the first failure",
                unit: "schedules", higherIsBetter: false, multitasking: schedules,
                baselines: [("ms", seconds * 1000),
                            ("runs with perturbation seeds", perturbed.map(Double.init) ?? .infinity)],
                target: "≤ 1000 in < 5 s, 10x fewer than perturbation" + (ratio.map { " (\(format($0))x)" } ?? " (perturbation never failed)"),
                targetMet: schedules <= 1000 && seconds < 5 && (ratio ?? .infinity) >= 10))
        }
    }
    return rows
}

/// Runs `body` on the operating system's scheduler under perturbation seeds 1, 2, ... until a
/// run fails (throws, or hangs as the stall detector reports); nil when none of `limit` did.
private func runsUntilFailureWithPerturbation(_ body: @escaping @Sendable () throws -> Void, limit: Int) -> Int? {
    defer { Diagnostics.disable() }
    for seed in 1...UInt64(limit) {
        Diagnostics.removeAllReports()
        Diagnostics.enable(.init(
            deadlockCheckInterval: .milliseconds(10), onDeadlock: .report, perturbationSeed: seed, detectsStalls: true))
        let failed = Atomic<Bool>(false)
        let runner = Thread(name: "perturbed run", daemon: true) {
            do { try body() } catch { failed.store(true, ordering: .relaxed) }
        }
        try! runner.start()
        // A watchdog: the stall check sees the program's own threads stuck.
        while !(try! Diagnostics.asWatchdog { try runner.join(timeout: .milliseconds(20)) }) {
            if !Diagnostics.reports.isEmpty { break }
        }
        if failed.load(ordering: .relaxed) || Diagnostics.reports.contains(where: { $0.kind == .allThreadsBlocked }) {
            return Int(seed)
        }
    }
    return nil
}

private struct BuggyProgram {
    let name: String
    let body: @Sendable () throws -> Void

    struct Failed: Error {}

    static let all = [
        BuggyProgram(name: "lost wake-up", body: {
            let ready = Condition(name: "ready")
            let flag = Atomic<Bool>(false)
            let consumer = Thread(name: "consumer", daemon: true) {
                if !flag.load(ordering: .relaxed) { _ = try ready.withLock { try ready.wait() } }
            }
            let producer = Thread(name: "producer", daemon: true) {
                flag.store(true, ordering: .relaxed)
                try ready.withLock { try ready.notify() }
            }
            try consumer.start()
            try producer.start()
            try consumer.join()
            try producer.join()
        }),
        BuggyProgram(name: "atomicity violation across two holds", body: {
            final class Counter: @unchecked Sendable {
                let lock = Lock(name: "counter")
                var value = 0
            }
            let counter = Counter()
            let threads = (0..<2).map { index in
                Thread(name: "incrementer-\(index)", daemon: true) {
                    let seen = counter.lock.withLock { counter.value }
                    counter.lock.withLock { counter.value = seen + 1 }
                }
            }
            for thread in threads { try thread.start() }
            for thread in threads { try thread.join() }
            if counter.lock.withLock({ counter.value }) != 2 { throw Failed() }
        }),
        BuggyProgram(name: "three-lock cycle", body: {
            let forks = (0..<3).map { Lock(name: "fork-\($0)") }
            let diners = (0..<3).map { seat in
                Thread(name: "diner-\(seat)", daemon: true) { forks[seat].withLock { forks[(seat + 1) % 3].withLock {} } }
            }
            for diner in diners { try diner.start() }
            for diner in diners { try diner.join() }
        }),
        BuggyProgram(name: "deadlock after a timeout", body: {
            let a = Lock(name: "a")
            let b = Lock(name: "b")
            let signal = Event(name: "signal")
            let first = Thread(name: "first", daemon: true) {
                b.withLock { if !signal.wait(timeout: .milliseconds(50)) { a.withLock {} } }
            }
            let second = Thread(name: "second", daemon: true) {
                a.withLock { b.withLock {} }
                signal.set()
            }
            try first.start()
            try second.start()
            try first.join()
            try second.join()
        }),
    ]
}
