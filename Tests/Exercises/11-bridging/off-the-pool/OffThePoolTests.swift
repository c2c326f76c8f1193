import CourseChecks
import Glibc
import Multitasking
import OffThePool
import Synchronization
import Testing

/// Serialized: one test fills the pool with callers and times them, which other tests running
/// meanwhile would disturb.
@Suite(.serialized) struct OffThePoolTests {
    @Test func returnsTheValueFromAThreadOfItsName() async {
        let check = await forbidBlockingThePool {
            await runBounded(.seconds(5)) {
                try await runOffThePool(named: "blocking-read") { () -> String in
                    Thread.sleep(for: .milliseconds(30))
                    return Thread.current.name
                }
            }
        }
        #expect(check.value == .returned("blocking-read"), """
            runOffThePool(named: "blocking-read") should run the work on a runtime thread of that name and \
            return its value; the work ran on '\(check.value)'
            """)
        if !check.passed { Issue.record("\(check.message(function: "runOffThePool(named:_:)"))") }
    }

    @Test func throwsTheWorksError() async {
        let check = await forbidBlockingThePool {
            await runBounded(.seconds(5)) {
                try await runOffThePool(named: "failing-read") { () throws -> Int in
                    Thread.sleep(for: .milliseconds(10))
                    throw ReadError.badSector
                }
            }
        }
        #expect(check.value == .threw("\(ReadError.badSector)"), "the work threw, so runOffThePool should throw its error; it gave \(check.value)")
        if !check.passed { Issue.record("\(check.message(function: "runOffThePool(named:_:)"))") }
    }

    /// Blocking work of every kind (a contended lock, a queue, a join) on the work's thread is
    /// what the runtime is for: none of it may reach the pool.
    @Test func blockingWorkStaysOffThePool() async {
        let lock = Lock(name: "disk")
        let check = await forbidBlockingThePool {
            await runBounded(.seconds(10)) {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<6 {
                        group.addTask {
                            try await runOffThePool(named: "disk-\(index)") {
                                lock.withLock { Thread.sleep(for: .milliseconds(5)) }
                                let helper = Thread(name: "helper-\(index)") { Thread.sleep(for: .milliseconds(5)) }
                                try helper.start()
                                try helper.join()
                                return index
                            }
                        }
                    }
                    return try await group.reduce(0, +)
                }
            }
        }
        #expect(check.value == .returned(15), "six works returning 0...5 should add up to 15; they gave \(check.value)")
        if !check.passed { Issue.record("\(check.message(function: "runOffThePool(named:_:)"))") }
    }

    /// Four times as many callers as the pool has threads, each with 0.2 s of blocking work:
    /// on runtime threads they all block at once; on the pool they queue for its threads.
    @Test func manyCallersAtOnceDoNotQueueForThePool() async {
        let callers = 4 * max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let work: @Sendable () async throws -> Void = {
            _ = try await runOffThePool(named: "slow-read") { Thread.sleep(for: .milliseconds(200)) }
        }
        var together: BoundedOutcome<Void> = .hung
        let check = await Timing.ratioAsync(
            "\(callers) callers of 0.2 s blocking work at once vs one", atMost: 2.0,
            of: {
                together = await runBounded(.seconds(20)) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<callers { group.addTask { try await work() } }
                        try await group.waitForAll()
                    }
                }
            },
            against: { _ = await runBounded(.seconds(5)) { try await work() } })
        guard case .returned = together else {
            Issue.record("\(callers) callers of 0.2 s blocking work did not all finish within 20 s: \(together)")
            return
        }
        #expect(check.passed, """
            \(check): the blocking work queued for the cooperative pool's threads. A Task (detached or not) \
            runs on the pool; start a runtime Thread for the work, and resume a continuation from it
            """)
    }
}

enum ReadError: Error, CustomStringConvertible {
    case badSector
    var description: String { "bad sector" }
}
