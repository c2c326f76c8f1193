import Glibc
@testable import Multitasking
import Synchronization
import Testing

/// Small programs whose bugs need one particular interleaving, and the explorer that finds
/// them: each bug by each strategy, deterministically, and each failing schedule replayed to
/// the same failure 100 times in 100. Explorations run in child processes (exit tests): their
/// switch points are process-wide, and a failing schedule leaves its threads parked.
@Suite(.hangGuard)
struct ExplorationTests {
    static let strategies: [ExplorationStrategy] = [.random(seed: 1), .pct(depth: 3, seed: 1), .dfs(preemptions: 2)]

    /// Explores `program` with every strategy, prints "strategy: first line of the failure",
    /// and checks that the failing schedule replays to the same failure 100 times, and that
    /// a second exploration with the same strategy finds the same schedule.
    static func findAndReplay(_ program: @escaping @Sendable () throws -> Void, budget: Int = 2000) {
        for strategy in strategies {
            guard case .failure(let failure) = Exploration.explore(strategy, budget: budget, program) else {
                print("\(strategy): not found in \(budget) schedules")
                continue
            }
            guard case .failure(let again) = Exploration.explore(strategy, budget: budget, program),
                  again.schedule == failure.schedule else {
                print("\(strategy): a second exploration found another schedule")
                continue
            }
            var same = 0
            for _ in 0..<100 {
                if case .failure(let replayed) = Exploration.replay(failure.schedule, program),
                   replayed.summary == failure.summary, replayed.timeline == failure.timeline {
                    same += 1
                }
            }
            print("\(strategy): \(failure.summary.split(separator: "\n")[0]) [replayed \(same)/100, found after \(failure.schedulesTried)]")
        }
    }

    @Test func aLostWakeUpIsFoundByEveryStrategyAndReplayed() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            Self.findAndReplay(Programs.lostWakeUp)
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        for strategy in Self.strategies {
            #expect(output.contains("\(strategy): Lost wake-up: thread 'consumer' waits for a notification on condition 'ready', and no thread that could notify it is left running [replayed 100/100"), "\(output)")
        }
    }

    @Test func anAtomicityViolationAcrossTwoHoldsIsFoundByEveryStrategyAndReplayed() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            Self.findAndReplay(Programs.splitIncrement)
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        for strategy in Self.strategies {
            #expect(output.contains("\(strategy): Exception in thread 'main': expected 2 increments, counted 1 [replayed 100/100"), "\(output)")
        }
    }

    @Test func aThreeLockCycleIsFoundByEveryStrategyAndReplayed() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            Self.findAndReplay(Programs.threeLockCycle)
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        for strategy in Self.strategies {
            #expect(output.contains("\(strategy): Deadlock: every thread is blocked, and none of them can wake the others [replayed 100/100"), "\(output)")
        }
    }

    @Test func aDeadlockOnlyAfterATimeoutIsFoundByEveryStrategyAndReplayed() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            Self.findAndReplay(Programs.deadlockAfterTimeout)
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        for strategy in Self.strategies {
            #expect(output.contains("\(strategy): Deadlock: every thread is blocked, and none of them can wake the others [replayed 100/100"), "\(output)")
        }
    }

    @Test func theReportNamesEveryThreadsWaitAndTheTimelineMarksTheFailingStep() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            if case .failure(let failure) = Exploration.explore(.dfs(), budget: 2000, Programs.threeLockCycle) {
                print(failure)
            }
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.contains("  thread 'diner-0' holds 'fork-0' and waits for lock 'fork-1' (held by 'diner-1')\n"), "\(output)")
        #expect(output.contains("  thread 'diner-2' holds 'fork-2' and waits for lock 'fork-0' (held by 'diner-0')\n"), "\(output)")
        #expect(output.contains("  thread 'main' waits for thread 'diner-0' to finish\n"), "\(output)")
        #expect(output.contains("Schedule: dfs(p2)#"), "\(output)")
        #expect(output.contains("step | main"), "\(output)")
        #expect(output.contains("acquires 'fork-0'"), "\(output)")
        #expect(output.contains("   <== here"), "\(output)")
    }

    // MARK: No false alarms

    @Test func correctProgramsPassTheWholeBudgetAndSmallOnesAreSearchedExhaustively() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            for strategy in Self.strategies {
                for (name, program) in [("handoff", Programs.correctHandoff), ("ordered forks", Programs.orderedForks),
                                        ("timed wait", Programs.timeoutThatIsHandled)] {
                    switch Exploration.explore(strategy, budget: 300, program) {
                    case .success(let summary): print("\(strategy) \(name): \(summary)")
                    case .failure(let failure): print("\(strategy) \(name): FAILED \(failure)")
                    }
                }
            }
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(!output.contains("FAILED"), "\(output)")
        #expect(output.contains("random(s1) handoff: 300 schedules passed"), "\(output)")
        #expect(output.contains("pct(d3,s1) ordered forks: 300 schedules passed"), "\(output)")
        #expect(output.contains("dfs(p2) timed wait:") && output.contains("(every schedule within the bound)"), "\(output)")
    }

    @Test func aSleepTakesNoRealTimeAndAPollingLoopWithoutAWriterIsALivelock() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let clock = ContinuousClock()
            let start = clock.now
            let sleepy = Exploration.explore(.random(seed: 0), budget: 20) {
                let sleeper = Thread(name: "sleeper") { Thread.sleep(for: .seconds(10)) }
                try sleeper.start()
                try sleeper.join()
            }
            print("sleeps: \(sleepy) in under a second: \(clock.now - start < .seconds(1))")
            let spin = Exploration.explore(.random(seed: 0), budget: 5, stepBound: 1000) {
                let never = Atomic<Bool>(false)
                while !never.load(ordering: .relaxed) { schedulePoint() }
            }
            if case .failure(let failure) = spin { print(failure.summary) }
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.contains("sleeps: success(20 schedules passed) in under a second: true"), "\(output)")
        #expect(output.contains("Livelock: the threads took more than 1000 steps without finishing"), "\(output)")
    }

    @Test func aThreadBlockedOutsideTheRuntimeIsReportedInsteadOfHangingTheExplorer() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let outcome = Exploration.explore(.dfs(), budget: 50, progressLimit: .milliseconds(300)) {
                let gate = Mutex(0)
                let entered = Event(name: "entered")
                let holder = Thread(name: "holder") {
                    gate.withLock { _ in
                        entered.set()
                        schedulePoint()  // may hand the turn to main, which then blocks on the Mutex
                    }
                }
                try holder.start()
                entered.wait()
                gate.withLock { $0 += 1 }
                try holder.join()
            }
            if case .failure(let failure) = outcome { print(failure.summary) }
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.contains("No progress: a thread ran for 0.3 seconds without reaching a runtime operation"), "\(output)")
    }

    @Test func schedulesPrintAndReadBack() {
        let schedule = Schedule(origin: "pct(d3,s0)#17", choices: [0, 0, 0, 0, 1, 0, 0, 2])
        #expect(schedule.description == "pct(d3,s0)#17:0*4.1.0*2.2")
        #expect(Schedule(schedule.description) == schedule)
        #expect(Schedule("dfs(p2)#0:") == Schedule(origin: "dfs(p2)#0", choices: []))
        #expect(Schedule("no colon") == nil)
        #expect(Schedule("x:1*0") == nil)
        #expect(Schedule("x:a") == nil)
    }

    @Test func strategiesAreReadFromTheirShortNames() {
        #expect(ExplorationStrategy("pct") == .pct(depth: 3))
        #expect(ExplorationStrategy("pct2") == .pct(depth: 2))
        #expect(ExplorationStrategy("dfs") == .dfs(preemptions: 2))
        #expect(ExplorationStrategy("dfs3") == .dfs(preemptions: 3))
        #expect(ExplorationStrategy("random") == .random())
        #expect(ExplorationStrategy("pctx") == nil)
        #expect(ExplorationStrategy("bfs") == nil)
    }
}

/// The programs the explorer must judge: four bugs and three correct designs.
enum Programs {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// The consumer looks at the flag outside the lock, then waits: the producer's notification
    /// can come in between and be lost.
    static let lostWakeUp: @Sendable () throws -> Void = {
        let ready = Condition(name: "ready")
        let flag = Atomic<Bool>(false)
        let consumer = Thread(name: "consumer") {
            if !flag.load(ordering: .relaxed) {
                _ = try ready.withLock { try ready.wait() }
            }
        }
        let producer = Thread(name: "producer") {
            flag.store(true, ordering: .relaxed)
            try ready.withLock { try ready.notify() }
        }
        try consumer.start()
        try producer.start()
        try consumer.join()
        try producer.join()
    }

    /// Each increment reads in one hold of the lock and writes in another.
    static let splitIncrement: @Sendable () throws -> Void = {
        final class Counter: @unchecked Sendable {
            let lock = Lock(name: "counter")
            var value = 0
        }
        let counter = Counter()
        let threads = (0..<2).map { index in
            Thread(name: "incrementer-\(index)") {
                let seen = counter.lock.withLock { counter.value }
                counter.lock.withLock { counter.value = seen + 1 }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        let counted = counter.lock.withLock { counter.value }
        if counted != 2 { throw Failed(description: "expected 2 increments, counted \(counted)") }
    }

    /// Three diners each take their left fork, then their right one.
    static let threeLockCycle: @Sendable () throws -> Void = {
        let forks = (0..<3).map { Lock(name: "fork-\($0)") }
        let diners = (0..<3).map { seat in
            Thread(name: "diner-\(seat)") {
                forks[seat].withLock { forks[(seat + 1) % 3].withLock {} }
            }
        }
        for diner in diners { try diner.start() }
        for diner in diners { try diner.join() }
    }

    /// The first thread holds `b` and waits for a signal; when that wait times out it takes
    /// `a`, which the second thread may hold while it waits for `b`.
    static let deadlockAfterTimeout: @Sendable () throws -> Void = {
        let a = Lock(name: "a")
        let b = Lock(name: "b")
        let signal = Event(name: "signal")
        let first = Thread(name: "first") {
            b.withLock {
                if !signal.wait(timeout: .milliseconds(50)) { a.withLock {} }
            }
        }
        let second = Thread(name: "second") {
            a.withLock { b.withLock {} }
            signal.set()
        }
        try first.start()
        try second.start()
        try first.join()
        try second.join()
    }

    /// A bounded queue between a producer and a consumer, waits in loops, notifyAll.
    static let correctHandoff: @Sendable () throws -> Void = {
        let jobs = Queue<Int>(maxsize: 1, name: "jobs")
        let consumer = Thread(name: "consumer") {
            var total = 0
            for _ in 0..<3 { total += jobs.get() }
            if total != 6 { throw Failed(description: "got \(total)") }
        }
        try consumer.start()
        for job in 1...3 { jobs.put(job) }
        try consumer.join()
    }

    /// Every diner takes the lower-numbered fork first: no cycle.
    static let orderedForks: @Sendable () throws -> Void = {
        let forks = (0..<3).map { Lock(name: "fork-\($0)") }
        let diners = (0..<3).map { seat in
            Thread(name: "diner-\(seat)") {
                let (low, high) = (min(seat, (seat + 1) % 3), max(seat, (seat + 1) % 3))
                forks[low].withLock { forks[high].withLock {} }
            }
        }
        for diner in diners { try diner.start() }
        for diner in diners { try diner.join() }
    }

    /// A wait with a timeout that the program handles: a timeout is not a failure.
    static let timeoutThatIsHandled: @Sendable () throws -> Void = {
        let done = Event(name: "done")
        let worker = Thread(name: "worker") {
            Thread.sleep(for: .milliseconds(20))
            done.set()
        }
        try worker.start()
        var rounds = 0
        while !done.wait(timeout: .milliseconds(5)) { rounds += 1 }
        try worker.join()
        if rounds > 4 { throw Failed(description: "waited \(rounds) rounds of 5 ms for a 20 ms job") }
    }
}
