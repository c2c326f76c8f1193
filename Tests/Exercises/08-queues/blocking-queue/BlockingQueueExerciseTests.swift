import BlockingQueueExercise
import CourseChecks
import Glibc
import Multitasking
import XCTest

/// Every thread the tests start is a daemon joined with a timeout: a get or put that never
/// returns fails the test instead of hanging it.
final class BlockingQueueExerciseTests: XCTestCase {
    /// Starts a daemon thread that runs `body` and stores what it returns.
    private func started(_ name: String, _ body: @escaping @Sendable () throws -> Int) throws -> (Multitasking.Thread, Box<Int>) {
        let result = Box<Int>()
        let thread = Thread(name: name, daemon: true) { result.set(try body()) }
        try thread.start()
        return (thread, result)
    }

    func testItemsComeOutInTheOrderTheyWentIn() throws {
        let buffer = BlockingBuffer(capacity: 5)
        let (worker, result) = try started("fifo") {
            for item in [3, 1, 4, 1, 5] { buffer.put(item) }
            return (0..<5).reduce(0) { number, _ in number * 10 + buffer.get() }
        }
        XCTAssertTrue(try worker.join(timeout: .seconds(5)), "5 puts then 5 gets on a buffer of capacity 5 did not finish within 5 s")
        XCTAssertEqual(result.value, 31415, "put 3, 1, 4, 1, 5 should come out as 3, 1, 4, 1, 5 (digits of the result)")
    }

    func testGetWaitsUntilAnItemArrives() throws {
        let buffer = BlockingBuffer(capacity: 2)
        let (consumer, result) = try started("consumer") { buffer.get() }
        Thread.sleep(for: .milliseconds(150))
        XCTAssertTrue(consumer.isAlive, "get() on an empty buffer returned \(result.value.map(String.init) ?? "?") at once: it must wait for an item")
        buffer.put(42)
        XCTAssertTrue(try consumer.join(timeout: .seconds(3)), "get() did not return within 3 s after put(42): the waiting consumer was not woken")
        XCTAssertEqual(result.value, 42)
    }

    func testPutWaitsUntilThereIsRoom() throws {
        let buffer = BlockingBuffer(capacity: 1)
        buffer.put(1)
        let (producer, _) = try started("producer") { buffer.put(2); return 0 }
        Thread.sleep(for: .milliseconds(150))
        XCTAssertTrue(producer.isAlive, "put() on a full buffer (capacity 1) returned at once: it must wait for room")
        let (consumer, first) = try started("consumer") { buffer.get() }
        XCTAssertTrue(try consumer.join(timeout: .seconds(3)), "get() on a full buffer did not return")
        XCTAssertEqual(first.value, 1)
        XCTAssertTrue(try producer.join(timeout: .seconds(3)), "the waiting put() did not return within 3 s after a get() made room")
        XCTAssertEqual(buffer.count, 1, "after the waiting put(2) finished the buffer should hold 1 item")
    }

    func testTimedGetAndPutGiveUpWithAnError() throws {
        let buffer = BlockingBuffer(capacity: 1)
        let clock = ContinuousClock()
        let start = clock.now
        XCTAssertThrowsError(try buffer.get(timeout: .milliseconds(120))) { error in
            XCTAssertEqual(error as? BufferError, .empty, "get(timeout:) on an empty buffer should throw BufferError.empty")
        }
        let waited = clock.now - start
        XCTAssertGreaterThanOrEqual(waited, .milliseconds(100), "get(timeout: 120 ms) gave up after \(waited): it should wait the timeout first")
        XCTAssertLessThan(waited, .seconds(2), "get(timeout: 120 ms) waited \(waited)")
        XCTAssertNoThrow(try buffer.put(7, timeout: .milliseconds(50)), "put(_:timeout:) into an empty buffer should succeed at once")
        XCTAssertThrowsError(try buffer.put(8, timeout: .milliseconds(80))) { error in
            XCTAssertEqual(error as? BufferError, .full(capacity: 1), "put(_:timeout:) into a full buffer should throw .full(capacity: 1)")
        }
        XCTAssertEqual(try buffer.get(timeout: .milliseconds(50)), 7)
    }

    func testWaitingThreadsUseNoCPU() throws {
        // The grader's perturbation seeds add sleeps at every lock operation, which would hide
        // a busy loop's CPU use: measure without them (and put them back afterwards).
        let checks = Diagnostics.options
        var quiet = checks
        quiet.perturbationSeed = nil
        Diagnostics.enable(quiet)
        defer { Diagnostics.enable(checks) }
        var attempts: [String] = []
        for attempt in 1...3 {
            let buffer = BlockingBuffer(capacity: 2)
            let consumers = try (0..<4).map { index in try started("idle-consumer-\(index)") { buffer.get() } }
            Thread.sleep(for: .milliseconds(50))
            let (wall, cpu) = Timing.measureCPU { Thread.sleep(for: .milliseconds(500)) }
            for item in 0..<4 { buffer.put(item) }
            for (consumer, _) in consumers { _ = try consumer.join(timeout: .seconds(3)) }
            let ratio = cpu.seconds / wall.seconds
            attempts.append("attempt \(attempt): \(Int(cpu.seconds * 1000)) ms of CPU in \(Int(wall.seconds * 1000)) ms (\(Int(ratio * 100))%)")
            if ratio <= 0.1 { return }
        }
        XCTFail("""
            4 consumers waiting in get() on an empty buffer burned CPU: \(attempts.joined(separator: "; ")). \
            A waiting thread must sleep on a condition (notEmpty.wait), not loop checking the buffer (busy waiting)
            """)
    }

    func testEveryWaitingConsumerIsWokenWhenItemsArrive() throws {
        for round in 1...5 {
            let buffer = BlockingBuffer(capacity: 8)
            let consumers = try (0..<4).map { index in try started("consumer-\(index)") { buffer.get() } }
            Thread.sleep(for: .milliseconds(100))
            for item in 0..<4 { buffer.put(round * 10 + item) }
            let deadline = ContinuousClock.now + .seconds(3)
            for (consumer, _) in consumers { _ = try consumer.join(timeout: max(.zero, deadline - ContinuousClock.now)) }
            let stuck = consumers.filter { $0.0.isAlive }.count
            guard stuck == 0 else {
                XCTFail("""
                    round \(round): 4 consumers waited in get(), 4 items were put, but \(stuck) consumer(s) \
                    were still waiting 3 s later with \(buffer.count) item(s) in the buffer: a wake-up was lost. \
                    Notify on every put (and every get), not only when the buffer was empty
                    """)
                return
            }
            let got = consumers.compactMap { $0.1.value }.sorted()
            XCTAssertEqual(got, (0..<4).map { round * 10 + $0 }, "round \(round): every item should reach one consumer")
        }
    }

    /// A consumer that waits 0.4 s for an item, and a producer that waits 0.4 s for room,
    /// sleep in the condition's wait: the kernel switches them out a handful of times, not
    /// hundreds (a loop that sleeps a millisecond between looks uses little CPU, but each nap is
    /// a voluntary context switch of the waiting thread, counted by getrusage(RUSAGE_THREAD)).
    func testWaitingThreadsBlockInsteadOfPolling() throws {
        let buffer = BlockingBuffer(capacity: 1)
        let (consumer, switches) = try started("waiting consumer") { () -> Int in
            let before = voluntarySwitches()
            _ = buffer.get()
            return voluntarySwitches() - before
        }
        Multitasking.Thread.sleep(for: .milliseconds(400))
        buffer.put(1)
        XCTAssertTrue(try consumer.join(timeout: .seconds(5)), "get() did not return after an item was put")
        XCTAssertLessThan(switches.value ?? 0, 40, "a consumer waiting 0.4 s for an item was switched out \(switches.value ?? 0) times: it polls; wait on a condition instead")

        buffer.put(2)
        let (producer, producerSwitches) = try started("waiting producer") { () -> Int in
            let before = voluntarySwitches()
            buffer.put(3)
            return voluntarySwitches() - before
        }
        Multitasking.Thread.sleep(for: .milliseconds(400))
        XCTAssertEqual(buffer.get(), 2)
        XCTAssertTrue(try producer.join(timeout: .seconds(5)), "put() did not return after room was made")
        XCTAssertLessThan(producerSwitches.value ?? 0, 40, "a producer waiting 0.4 s for room was switched out \(producerSwitches.value ?? 0) times: it polls; wait on a condition instead")
    }

    /// Producers racing for the only place and consumers racing for the only item, with
    /// readers asking `count` beside them: the buffer never holds more than its capacity.
    func testRacingForTheOnlyPlaceNeverOverfillsTheBuffer() throws {
        let buffer = BlockingBuffer(capacity: 1)
        let overfilled = Box<Int>()
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(500)
        var threads: [Multitasking.Thread] = []
        for index in 0..<6 {
            let (thread, _) = try started("racer-\(index)") { () -> Int in
                var moved = 0
                while clock.now < end {
                    switch index {
                    case 0, 1:
                        if (try? buffer.put(index, timeout: .milliseconds(20))) != nil { moved += 1 }
                    case 2, 3:
                        if (try? buffer.get(timeout: .milliseconds(20))) != nil { moved += 1 }
                    default:
                        if buffer.count > 1 { overfilled.set(buffer.count) }
                    }
                }
                return moved
            }
            threads.append(thread)
        }
        for thread in threads { _ = try thread.join(timeout: .seconds(10)) }
        XCTAssertNil(overfilled.value, "a buffer of capacity 1 held \(overfilled.value ?? 0) items: waiting for room and adding the item must be one hold of the lock")
    }

    func testManyProducersAndConsumersLoseNothing() throws {
        let buffer = BlockingBuffer(capacity: 4)
        let received = Tally()
        let producers = (0..<3).map { producer in
            Thread(name: "producer-\(producer)", daemon: true) {
                for item in 0..<300 { buffer.put(producer * 1_000 + item) }
            }
        }
        let consumers = (0..<3).map { consumer in
            Thread(name: "consumer-\(consumer)", daemon: true) {
                for _ in 0..<300 { received.add(buffer.get()) }
            }
        }
        for thread in producers + consumers { try thread.start() }
        let deadline = ContinuousClock.now + .seconds(10)
        for thread in producers + consumers { _ = try thread.join(timeout: max(.zero, deadline - ContinuousClock.now)) }
        let items = received.items
        XCTAssertEqual(items.count, 900, "3 producers put 300 items each through a buffer of capacity 4; the consumers got \(items.count) within 10 s")
        XCTAssertEqual(Set(items).count, items.count, "some items were received twice")
        XCTAssertEqual(buffer.count, 0)
    }

    /// Under the runtime's explorer: producers and consumers on a small buffer, under every
    /// schedule with at most two preemptions, then many chosen by PCT. A schedule where a
    /// consumer waits for ever (a lost wake-up) or an item goes missing fails with its timeline.
    func testNoInterleavingLosesAWakeUpOrAnItem() throws {
        for strategy in [ExplorationStrategy.dfs(), .pct()] {
            try explore(strategy, budget: 1000) {
                let buffer = BlockingBuffer(capacity: 2)
                let received = Tally()
                let producers = (0..<2).map { producer in
                    Thread(name: "producer-\(producer)") { for item in 0..<3 { buffer.put(producer * 10 + item) } }
                }
                let consumers = (0..<3).map { consumer in
                    Thread(name: "consumer-\(consumer)") { for _ in 0..<2 { received.add(buffer.get()) } }
                }
                for thread in producers + consumers { try thread.start() }
                for thread in producers + consumers { try thread.join() }
                let items = received.items.sorted()
                try check(items == [0, 1, 2, 10, 11, 12], "2 producers put 0, 1, 2 and 10, 11, 12; the consumers got \(items)")
            }
        }
    }
}

final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = Lock(name: "test-box")
    private var stored: Value?
    func set(_ value: Value) { lock.withLock { stored = value } }
    var value: Value? { lock.withLock { stored } }
}

final class Tally: @unchecked Sendable {
    private let lock = Lock(name: "test-tally")
    private var stored: [Int] = []
    func add(_ item: Int) { lock.withLock { stored.append(item) } }
    var items: [Int] { lock.withLock { stored } }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Voluntary context switches of the calling thread so far.
func voluntarySwitches() -> Int {
    var usage = rusage()
    // RUSAGE_THREAD (1, Linux): the calling thread's figures. Glibc's overlay does not import it.
    getrusage(__rusage_who_t(1), &usage)
    return usage.ru_nvcsw
}
