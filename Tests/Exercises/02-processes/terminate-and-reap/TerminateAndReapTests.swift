import CourseChecks
import Glibc
import Multitasking
import TerminateAndReap
import XCTest

/// The state letter /proc shows for our child `pid` ("Z" for a zombie), nil once it has been
/// reaped. Looked up among our unreaped children: the grader may run this test in a PID
/// namespace of its own, where /proc/<pid> names another process.
private func processState(_ pid: Int32) -> Character? {
    ChildProcesses.stateOfChild(pid)
}

/// How long a careful worker takes to clean up once asked to stop: a constant, since a signal
/// handler captures nothing.
private let cleanUpTime: useconds_t = 200_000

private func describeState(_ state: Character) -> String {
    state == "Z" ? "Z: a zombie, ended but not reaped" : "\(state): still running"
}

/// What the student's function returned, passed from the thread it ran on.
private final class Outcome: @unchecked Sendable {
    let lock = Lock(name: "outcome")
    var reports: [ShutdownReport]?
    /// The /proc state of each worker, read right after shutDown returned.
    var states: [Character?] = []
    var error: (any Error)?
}

final class TerminateAndReapTests: XCTestCase {
    /// Workers that sleep until they are stopped; `stubborn` ones ignore SIGTERM, `careful` ones
    /// take `cleanUpTime` (0.2 s) to clean up before SIGTERM ends them (so a worker is certainly still there
    /// right after `terminate()` returns). Returns once every worker is running and has set up
    /// its SIGTERM handling.
    private func startWorkers(_ names: [String], stubborn: Set<String> = [], careful: Bool = false) throws -> [Multitasking.Process] {
        let ready = try SharedValue(0)
        let workers = names.map { name in
            let ignoresTerminate = stubborn.contains(name)
            return Multitasking.Process(name: name) {
                if ignoresTerminate {
                    signal(SIGTERM, SIG_IGN)
                } else if careful {
                    signal(SIGTERM) { _ in
                        usleep(cleanUpTime)  // cleaning up
                        signal(SIGTERM, SIG_DFL)
                        raise(SIGTERM)  // delivered when the handler returns: ended by SIGTERM
                    }
                }
                ready.withLock { $0 += 1 }
                Multitasking.Thread.sleep(for: .seconds(60))
            }
        }
        for worker in workers { try worker.start() }
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(10))
        while ready.value < workers.count && clock.now < end { Multitasking.Thread.sleep(for: .milliseconds(5)) }
        return workers
    }

    /// Kills and reaps whatever the code under test left running.
    private func cleanUp(_ workers: [Multitasking.Process]) {
        for worker in workers where worker.exitCode == nil { try? worker.kill() }
        for worker in workers { _ = try? worker.join(timeout: .seconds(5)) }
    }

    /// Runs `shutDown` on a daemon thread, so that code waiting for ever fails the test instead
    /// of hanging it; nil when it did not return within 10 s.
    /// Also returns the /proc state of each worker, read right after shutDown returned and
    /// before anything else touches the workers (the runtime reaps unjoined children soon).
    private func boundedShutDown(_ workers: [Multitasking.Process], grace: Duration) throws -> (reports: [ShutdownReport], states: [Character?])? {
        let outcome = Outcome()
        let pids = workers.map { $0.pid ?? 0 }
        let runner = Multitasking.Thread(name: "shutDown", daemon: true) {
            do {
                let reports = try shutDown(workers, grace: grace)
                let states = pids.map(processState)
                outcome.lock.withLock { (outcome.reports, outcome.states) = (reports, states) }
            } catch {
                outcome.lock.withLock { outcome.error = error }
            }
        }
        try runner.start()
        guard try runner.join(timeout: .seconds(10)) else {
            cleanUp(workers)
            _ = try runner.join(timeout: .seconds(5))
            XCTFail("shutDown did not return within 10 s: a join() without timeout waits for ever for a worker that ignores terminate(); kill() it after the grace period")
            return nil
        }
        if let error = outcome.lock.withLock({ outcome.error }) { throw error }
        return outcome.lock.withLock { outcome.reports.map { ($0, outcome.states) } }
    }

    func testTerminatedWorkersAreReapedBeforeShutDownReturns() throws {
        let workers = try startWorkers(["indexer", "mailer", "resizer", "uploader"], careful: true)
        defer { cleanUp(workers) }
        let pids = workers.map { $0.pid ?? 0 }
        guard let outcome = try boundedShutDown(workers, grace: .seconds(5)) else { return }
        let (reports, states) = outcome
        for (worker, (pid, state)) in zip(workers, zip(pids, states)) {
            if let state {
                XCTFail("worker '\(worker.name)' (pid \(pid)) is still in the process table (state \(describeState(state))) when shutDown returned: terminate() only sends a signal (and this worker takes 0.2 s to clean up before it ends); join() each worker to wait for its end and reap it")
            }
        }
        XCTAssertEqual(reports.count, workers.count, "shutDown should return one report per worker")
        for (worker, report) in zip(workers, reports) {
            XCTAssertEqual(report.name, worker.name, "reports should be in the order of the workers")
            XCTAssertTrue(report.aliveBefore, "'\(worker.name)' was running before shutDown: aliveBefore should be true")
            XCTAssertFalse(report.aliveAfter, "'\(worker.name)' should no longer be alive when shutDown is done with it")
            XCTAssertEqual(report.exitCode, -SIGTERM,
                           "'\(worker.name)' stops when asked, so its exit code should be -15 (ended by SIGTERM), not \(report.exitCode.map(String.init) ?? "nil (not reaped yet)")")
        }
    }

    func testAWorkerThatIgnoresTerminateIsKilledAfterTheGracePeriod() throws {
        let workers = try startWorkers(["polite", "stubborn"], stubborn: ["stubborn"])
        defer { cleanUp(workers) }
        let pids = workers.map { $0.pid ?? 0 }
        guard let outcome = try boundedShutDown(workers, grace: .milliseconds(300)) else { return }
        let (reports, states) = outcome
        for (worker, (pid, state)) in zip(workers, zip(pids, states)) {
            if let state {
                XCTFail("worker '\(worker.name)' (pid \(pid)) is still in the process table (state \(describeState(state))) when shutDown returned")
            }
        }
        XCTAssertEqual(reports.map(\.name), ["polite", "stubborn"], "shutDown should return one report per worker, in order")
        XCTAssertEqual(reports.map(\.exitCode), [-SIGTERM, -SIGKILL],
                       "the polite worker ends by SIGTERM (-15); the stubborn one ignores it and must be killed (-9) after the grace period")
        XCTAssertEqual(reports.map(\.aliveAfter), [false, false], "no worker should be alive after shutDown")
    }

    /// Every worker is asked to stop before any is waited for, so their clean-ups overlap: six
    /// workers that each take 0.2 s to end are done in about 0.2 s, not six times as long.
    /// Fresh workers for each attempt; only the shutdown is timed.
    func testTheWorkersCleanUpAtTheSameTime() throws {
        let names = (1...6).map { "worker-\($0)" }
        var check: TimingCheck?
        for attempt in 1...3 {
            let workers = try startWorkers(names, careful: true)
            defer { cleanUp(workers) }
            let clock = ContinuousClock()
            let start = clock.now
            guard try boundedShutDown(workers, grace: .seconds(5)) != nil else { return }
            let measured = TimingCheck(
                label: "shutting down 6 workers that take 0.2 s each to end, against one worker's clean-up",
                measured: clock.now - start, baseline: .microseconds(Int64(cleanUpTime)), limit: 2.5, attempts: attempt)
            check = measured
            if measured.passed { break }
        }
        guard let check else { return }
        check.record()
        XCTAssertTrue(check.passed, """
            \(check). terminate() every worker first, then wait for each: asking one worker to stop \
            and waiting for its end before asking the next adds up their clean-up times
            """)
    }

    func testNoWorkersGiveNoReports() throws {
        XCTAssertEqual(try shutDown([], grace: .milliseconds(100)), [])
    }
}
