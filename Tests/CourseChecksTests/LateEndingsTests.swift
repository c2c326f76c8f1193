import CourseChecks
import Multitasking
import Testing

/// `ChildProcesses.endingLate`: children slow to end expose a function that does not wait for
/// them, and show how many ran at once. Process tests: normal builds only (ThreadSanitizer
/// does not support fork() in a multi-threaded program).
@Suite(.serialized, .enabled(if: !ForkGateStatistics.isThreadSanitizerActive))
struct LateEndingsTests {
    private func children(_ count: Int) -> [Multitasking.Process] {
        (0..<count).map { Multitasking.Process(name: "late-\($0)") {} }
    }

    @Test func childrenStartedTogetherAndJoinedAreSeenTogetherAndNoneIsLeft() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let seen = try ChildProcesses.endingLate(by: .milliseconds(300)) { () throws -> Int in
            let workers = children(4)
            for worker in workers { try worker.start() }
            for worker in workers { try worker.join() }
            return workers.filter { $0.exitCode == 0 }.count
        }
        #expect(seen.value == 4, "the epilogue leaves each child's exit status as it was")
        #expect(seen.leftBehind.isEmpty)
        #expect(seen.mostAtOnce == 4)
        #expect(clock.now - start >= .milliseconds(300), "each child waits before it ends")
    }

    @Test func childrenJoinedOneByOneAreSeenAlone() throws {
        let seen = try ChildProcesses.endingLate(by: .milliseconds(100)) {
            for worker in children(3) {
                try worker.start()
                try worker.join()
            }
        }
        #expect(seen.mostAtOnce == 1)
        #expect(seen.leftBehind.isEmpty)
    }

    @Test func aSleepInPlaceOfJoinsLeavesTheChildrenBehind() throws {
        let workers = children(3)
        let seen = try ChildProcesses.endingLate(by: .milliseconds(500)) {
            for worker in workers { try worker.start() }
            Multitasking.Thread.sleep(for: .milliseconds(100))
        }
        #expect(seen.leftBehind.count == 3)
        for worker in workers { try worker.join() }
        #expect(workers.map(\.exitCode) == [0, 0, 0])
    }

    @Test func childrenStartedAfterwardsEndAtOnce() throws {
        _ = try ChildProcesses.endingLate(by: .seconds(5)) {}
        let clock = ContinuousClock()
        let start = clock.now
        let worker = Multitasking.Process(name: "on time") {}
        try worker.start()
        try worker.join()
        #expect(clock.now - start < .seconds(4), "the epilogue belongs to the children started inside endingLate only")
    }
}
