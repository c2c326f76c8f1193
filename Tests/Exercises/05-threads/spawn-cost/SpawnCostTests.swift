import CourseChecks
import Multitasking
import SpawnCost
import Testing

/// How many times `work` ran in this process (on threads) and in children, counted in shared
/// memory so that the children's calls count too.
struct Calls: BitwiseCopyable {
    var inThreads = 0
    var inProcesses = 0
}

/// How many workers are working now, and the most that ever were at once, kept apart for
/// threads (in the test's own process) and child processes.
struct Alive: BitwiseCopyable {
    var threads = 0, processes = 0
    var mostThreads = 0, mostProcesses = 0

    mutating func arrive(inThread: Bool) {
        if inThread {
            threads += 1
            mostThreads = max(mostThreads, threads)
        } else {
            processes += 1
            mostProcesses = max(mostProcesses, processes)
        }
    }

    mutating func leave(inThread: Bool) {
        if inThread { threads -= 1 } else { processes -= 1 }
    }
}

@Suite(.serialized) struct SpawnCostTests {
    /// Runs the student's measurement with a `work` that counts where it ran.
    private func measure(count: Int) throws -> (cost: SpawnCost, calls: Calls, wall: Duration) {
        let calls = try SharedValue(Calls(), name: "calls")
        let parent = currentProcessID()
        var cost = SpawnCost(threads: .zero, processes: .zero)
        let wall = try ContinuousClock().measure {
            cost = try measureSpawnCost(count: count) {
                calls.withLock { calls in
                    if currentProcessID() == parent { calls.inThreads += 1 } else { calls.inProcesses += 1 }
                }
            }
        }
        return (cost, calls.value, wall)
    }

    @Test func startsAndJoinsEveryThreadAndProcess() throws {
        let (cost, calls, wall) = try measure(count: 20)
        #expect(calls.inThreads == 20, "work() should have run 20 times on threads before measureSpawnCost returned, ran \(calls.inThreads) times (start and join every thread)")
        #expect(calls.inProcesses == 20, "work() should have run 20 times in child processes before measureSpawnCost returned, ran \(calls.inProcesses) times (start and join every process)")
        #expect(cost.threads > .zero && cost.processes > .zero, "both times should be positive, got \(cost)")
        #expect(cost.threads + cost.processes <= wall, "the two times (\(cost)) add up to more than the whole call took (\(wall))")
    }

    /// Work of 0.6 s each, started and joined by the student's code: a measurement under 0.6 s
    /// returned before the work was done (a fixed wait in place of a join). Whether the three
    /// ran at once is counted, not timed: on a busy machine the forks of a large test process
    /// alone can take as long as a second round of work, so "all at once" and "two rounds" are
    /// told apart by the most workers alive together, up to three tries (a child slow to start
    /// can miss the others once; joining inside the start loop misses them every time).
    @Test func theWorkRunsAtOnceAndIsWaitedFor() throws {
        let work = Duration.milliseconds(600)
        let parent = currentProcessID()
        var cost = SpawnCost(threads: .zero, processes: .zero)
        var alive = Alive()
        for _ in 1...3 {
            let shared = try SharedValue(Alive(), name: "alive")
            cost = try measureSpawnCost(count: 3) {
                let inThread = currentProcessID() == parent
                shared.withLock { $0.arrive(inThread: inThread) }
                Multitasking.Thread.sleep(for: work)
                shared.withLock { $0.leave(inThread: inThread) }
            }
            alive = shared.value
            if alive.mostThreads == 3 && alive.mostProcesses == 3 { break }
        }
        #expect(cost.threads >= work, "the threads were measured at \(cost.threads), less than one work of \(work): join every thread before stopping the clock")
        #expect(cost.processes >= work, "the processes were measured at \(cost.processes), less than one work of \(work): join every process before stopping the clock")
        #expect(alive.mostThreads == 3, "at most \(alive.mostThreads) of 3 threads were working at once: start them all, then join them all")
        #expect(alive.mostProcesses == 3, "at most \(alive.mostProcesses) of 3 processes were working at once: start them all, then join them all")
    }

    @Test func threadsAreFarCheaperThanProcesses() throws {
        var last: SpawnCost?
        for attempt in 1...3 {
            let (cost, calls, _) = try measure(count: 40)
            #expect(calls.inThreads == 40 && calls.inProcesses == 40, "work() ran \(calls.inThreads) times on threads and \(calls.inProcesses) times in processes, expected 40 and 40")
            last = cost
            let check = TimingCheck(label: "40 threads vs 40 processes, started and joined (the student's figures)",
                                    measured: cost.threads, baseline: cost.processes, limit: 0.5, attempts: attempt)
            let passed = cost.processes > .zero && check.passed
            if passed || attempt == 3 { check.record() }
            if passed { return }
        }
        let cost = last!
        Issue.record("""
            40 threads took \(cost.threads), 40 processes \(cost.processes): a ratio of \(cost.processes > .zero ? cost.threads / cost.processes : .infinity), \
            expected at most 0.5 in one of 3 tries. Time the same thing for both: create, start and join, \
            all inside the clock
            """)
    }
}
