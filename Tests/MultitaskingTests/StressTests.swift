import Multitasking
import Synchronization
import Testing

/// Long runs with many threads, sized to take seconds on two cores. Each checks an invariant
/// that a lost wake-up, a double hand-over or a broken timeout would violate.
@Suite(.hangGuard)
struct StressTests {
    @Test func conditionWaitsWithTimeoutsNeverLoseANotification() throws {
        // Consumers wait with short timeouts while producers notify: an item is never stranded,
        // even when a notification races with a timeout.
        let condition = Condition(lock: Lock(name: "tokens"))
        nonisolated(unsafe) var tokens = 0
        let taken = Atomic<Int>(0)
        let total = 20_000
        let consumers = (0..<4).map { _ in
            Thread {
                while taken.load(ordering: .relaxed) < total {
                    try condition.withLock {
                        if tokens == 0 { try condition.wait(timeout: .microseconds(100)) }
                        if tokens > 0 {
                            tokens -= 1
                            taken.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
        }
        let producers = (0..<2).map { _ in
            Thread {
                for _ in 0..<(total / 2) {
                    try condition.withLock {
                        tokens += 1
                        try condition.notify()
                    }
                }
            }
        }
        for thread in consumers + producers { try thread.start() }
        for thread in producers + consumers { #expect(try thread.join(timeout: .seconds(60))) }
        #expect(taken.load(ordering: .relaxed) == total)
        #expect(condition.withLock { tokens } == 0)
        #expect((consumers + producers).allSatisfy { $0.error == nil })
    }

    @Test func semaphoreTimeoutsUnderContentionNeverOvercommit() throws {
        let semaphore = BoundedSemaphore(2, name: "slots")
        let inside = Atomic<Int>(0)
        let violations = Atomic<Int>(0)
        let threads = (0..<8).map { _ in
            Thread {
                for _ in 0..<2_000 {
                    guard semaphore.acquire(timeout: .microseconds(30)) else { continue }
                    if inside.add(1, ordering: .sequentiallyConsistent).newValue > 2 {
                        violations.add(1, ordering: .relaxed)
                    }
                    inside.subtract(1, ordering: .sequentiallyConsistent)
                    try semaphore.release()
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        #expect(violations.load(ordering: .relaxed) == 0)
        #expect(semaphore.value == 2)
        #expect(threads.allSatisfy { $0.error == nil })
    }

    @Test func aBarrierSurvivesManyRounds() throws {
        let rounds = 300
        let parties = 6
        let completed = Atomic<Int>(0)
        let barrier = Barrier(parties: parties) { completed.add(1, ordering: .relaxed) }
        let phase = Locked<[Int]>(Array(repeating: 0, count: parties))
        let outOfStep = Atomic<Int>(0)
        let threads = (0..<parties).map { index in
            Thread {
                for round in 0..<rounds {
                    phase.withLock { $0[index] = round }
                    try barrier.wait(timeout: .seconds(30))
                    // After the barrier, nobody may still be in an earlier round.
                    if phase.withLock({ $0.min()! }) < round { outOfStep.add(1, ordering: .relaxed) }
                    try barrier.wait(timeout: .seconds(30))
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        #expect(threads.allSatisfy { $0.error == nil })
        #expect(completed.load(ordering: .relaxed) == 2 * rounds)
        #expect(outOfStep.load(ordering: .relaxed) == 0)
    }

    @Test func eventsPingPongBetweenTwoThreads() throws {
        let ping = Event(name: "ping")
        let pong = Event(name: "pong")
        let exchanges = 2_000
        let player = Thread(name: "pong-player") {
            for _ in 0..<exchanges {
                ping.wait()
                ping.clear()
                pong.set()
            }
        }
        try player.start()
        for _ in 0..<exchanges {
            ping.set()
            #expect(pong.wait(timeout: .seconds(10)))
            pong.clear()
        }
        #expect(try player.join(timeout: .seconds(10)))
    }

    @Test func rlocksHandOverUnderContentionWithNesting() throws {
        let lock = RLock(name: "ledger")
        nonisolated(unsafe) var balance = 0
        let threads = (0..<6).map { _ in
            Thread {
                for _ in 0..<3_000 {
                    if lock.acquire(timeout: .milliseconds(500)) {
                        lock.withLock { balance += 1 }
                        try lock.release()
                    } else {
                        Issue.record("a 500 ms timeout expired under ordinary contention")
                    }
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        #expect(lock.withLock { balance } == 18_000)
        #expect(threads.allSatisfy { $0.error == nil })
    }
}
