import Glibc
import Multitasking
import Testing
import XCTest

struct Unlucky: Error, CustomStringConvertible {
    var description: String { "thirteen is unlucky" }
}

@Suite(.hangGuard, forkSupported)
struct ProcessPoolTests {
    @Test func mapReturnsResultsInOrderComputedInOtherProcesses() throws {
        let pool = ProcessPool(workers: 2, name: "squares")
        let results = try pool.map(Array(0..<200)) { value -> [Int] in [value * value, Int(getpid())] }
        #expect(results.map { $0[0] } == (0..<200).map { $0 * $0 })
        let pids = Set(results.map { $0[1] })
        #expect(!pids.contains(Int(getpid())))
        #expect(pids.count <= 2)
        #expect(try pool.map([Int]()) { $0 } == [])
    }

    @Test func aFailingTaskIsReportedWithItsItemAndMessage() throws {
        let pool = ProcessPool(workers: 2, name: "lucky")
        #expect(throws: ProcessPoolError.taskFailed(pool: "lucky", item: 13, message: "thirteen is unlucky")) {
            _ = try pool.map(Array(0..<20)) { value -> Int in
                if value == 13 { throw Unlucky() }
                return value
            }
        }
        #expect(ProcessPoolError.taskFailed(pool: "p", item: 3, message: "m").description
            == "a task of process pool 'p' failed on item 3: m")
        #expect(ProcessPoolError.workerDied(pool: "p", worker: "w", failure: "f").description
            == "worker 'w' of process pool 'p' died before finishing its work: f")
        #expect(ProcessPoolError.startFailed(pool: "p", reason: "r").description == "process pool 'p' could not start a worker: r")
        #expect(ProcessPoolError.resultNotDecodable(pool: "p", reason: "r").description
            == "process pool 'p' received a result it cannot decode: r")
    }

    @Test func aCrashingWorkerIsReportedInsteadOfAHang() throws {
        let pool = ProcessPool(workers: 2, name: "fragile")
        do {
            _ = try pool.map(Array(0..<10)) { value -> Int in
                if value == 5 { kill(getpid(), SIGKILL) }
                return value
            }
            Issue.record("map succeeded although a worker was killed")
        } catch {
            guard case .workerDied(let pool, _, let failure) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(pool == "fragile")
            #expect(failure.hasSuffix("was ended by SIGKILL"))
        }
    }

    @Test func applyRunsInAWorkerAndAwaitsTheResult() async throws {
        let pool = ProcessPool(workers: 2, name: "async")
        async let first = pool.apply { Int(getpid()) }
        async let second = pool.apply { (1...100).reduce(0, +) }
        let (pid, sum) = try await (first, second)
        #expect(pid != Int(getpid()))
        #expect(sum == 5050)
        await #expect(throws: ProcessPoolError.taskFailed(pool: "async", item: 0, message: "thirteen is unlucky")) {
            _ = try await pool.apply { () throws -> Int in throw Unlucky() }
        }
    }
}

final class ProcessPoolXCTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipIf(ForkGateStatistics.isThreadSanitizerActive, forkUnsupportedReason)
    }

    func testApplyBoundsTheNumberOfWorkersRunningAtOnce() async throws {
        let pool = ProcessPool(workers: 1, name: "single")
        let running = try SharedValue(0)
        let most = try SharedValue(0)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<4 {
                group.addTask {
                    try await pool.apply {
                        let now = running.withLock { value -> Int in
                            value += 1
                            return value
                        }
                        most.withLock { $0 = max($0, now) }
                        Multitasking.Thread.sleep(for: .milliseconds(20))
                        running.withLock { $0 -= 1 }
                        return index
                    }
                }
            }
            var seen: [Int] = []
            for try await value in group { seen.append(value) }
            XCTAssertEqual(seen.sorted(), [0, 1, 2, 3])
        }
        XCTAssertEqual(most.value, 1)
    }

    func testProcessLockReleaseByAnotherProcessIsRefused() throws {
        // XCTest form of the robust-lock check: a SIGKILLed holder does not wedge the lock.
        let lock = ProcessLock(name: "xctest")
        let holding = try SharedValue(false)
        let holder = Multitasking.Process {
            lock.acquire()
            holding.value = true
            Multitasking.Thread.sleep(for: .seconds(30))
        }
        try holder.start()
        for _ in 0..<500 where !holding.value { Multitasking.Thread.sleep(for: .milliseconds(10)) }
        XCTAssertTrue(holding.value)
        XCTAssertFalse(lock.acquire(timeout: .milliseconds(20)))
        try holder.kill()
        try holder.join()
        XCTAssertEqual(holder.exitCode, -SIGKILL)
        XCTAssertTrue(lock.acquire(timeout: .seconds(5)))
        XCTAssertTrue(lock.acquiredFromDeadOwner)
        try lock.release()
    }
}
