import Glibc
@testable import Multitasking
import Synchronization
import Testing

/// Single-threaded and small two-thread behaviour of the three queues: order, sizes, errors and
/// their messages, timeouts, blocking, tasks. The stress tests are in QueueStressTests.swift.
@Suite(.hangGuard)
struct QueueTests {
    // MARK: Order

    @Test func queueIsFirstInFirstOut() {
        let queue = Queue<Int>()
        for item in 1...5 { queue.put(item) }
        #expect((1...5).map { _ in queue.get() } == [1, 2, 3, 4, 5])
    }

    @Test func lifoQueueIsLastInFirstOut() {
        let stack = LifoQueue<String>()
        for item in ["a", "b", "c"] { stack.put(item) }
        #expect([stack.get(), stack.get(), stack.get()] == ["c", "b", "a"])
    }

    @Test func priorityQueueHandsOutTheSmallestFirst() {
        let queue = PriorityQueue<Int>()
        for item in [5, 1, 4, 2, 3, 1] { queue.put(item) }
        #expect((0..<6).map { _ in queue.get() } == [1, 1, 2, 3, 4, 5])
    }

    @Test func priorityQueueKeepsPutOrderAmongEqualPriorities() {
        // The lesson's example: (1, "a") and (1, "d") share a priority and leave in put order.
        let queue = PriorityQueue<Prioritized<String>>()
        queue.put(Prioritized(3, "c"))
        queue.put(Prioritized(1, "d"))
        queue.put(Prioritized(2, "b"))
        queue.put(Prioritized(1, "a"))
        queue.put(Prioritized(3, "e"))
        let order = (0..<5).map { _ in queue.get() }
        #expect(order.map(\.value) == ["d", "a", "b", "c", "e"])
        #expect(order.map(\.priority) == [1, 1, 2, 3, 3])
    }

    @Test func priorityQueueStaysStableOverManyEqualItems() {
        let queue = PriorityQueue<Prioritized<Int>>()
        for index in 0..<1_000 { queue.put(Prioritized(index % 3, index)) }
        let order = (0..<1_000).map { _ in queue.get() }
        let expected = (0..<3).flatMap { priority in (0..<1_000).filter { $0 % 3 == priority } }
        #expect(order.map(\.value) == expected)
    }

    @Test func prioritizedComparesByPriorityOnly() {
        #expect(Prioritized(1, "z") < Prioritized(2, "a"))
        #expect(Prioritized(1, "a") == Prioritized(1, "b"))
        #expect(!(Prioritized(1, "a") < Prioritized(1, "b")))
        #expect(Prioritized(1, "a").description == "(1, a)")
    }

    @Test func interleavedPutsAndGetsKeepEachOrder() {
        let fifo = Queue<Int>(), lifo = LifoQueue<Int>(), priority = PriorityQueue<Int>()
        for item in [3, 1, 2] { fifo.put(item); lifo.put(item); priority.put(item) }
        #expect([fifo.get(), lifo.get(), priority.get()] == [3, 2, 1])
        for item in [0, 5] { fifo.put(item); lifo.put(item); priority.put(item) }
        #expect((0..<4).map { _ in fifo.get() } == [1, 2, 0, 5])
        #expect((0..<4).map { _ in lifo.get() } == [5, 0, 1, 3])
        #expect((0..<4).map { _ in priority.get() } == [0, 2, 3, 5])
    }

    // MARK: Size

    @Test func sizesReflectTheContents() throws {
        let queue = Queue<Int>(maxsize: 2)
        #expect(queue.maxsize == 2)
        #expect(queue.count == 0 && queue.qsize() == 0)
        #expect(queue.isEmpty && !queue.isFull)
        queue.put(1)
        #expect(queue.count == 1 && !queue.isEmpty && !queue.isFull)
        queue.put(2)
        #expect(queue.qsize() == 2 && queue.isFull)
        _ = queue.get()
        #expect(queue.count == 1 && !queue.isFull)
    }

    @Test(arguments: [nil, 0, -3] as [Int?])
    func zeroNilOrNegativeMaxsizeIsUnbounded(maxsize: Int?) throws {
        let queue = LifoQueue<Int>(maxsize: maxsize)
        #expect(queue.maxsize == 0)
        for item in 0..<10_000 { try queue.putNowait(item) }
        #expect(queue.count == 10_000)
        #expect(!queue.isFull)
    }

    // MARK: Errors and their messages

    @Test func putNowaitOnAFullQueueThrowsFull() throws {
        let queue = Queue<Int>(maxsize: 1, name: "mailbox")
        try queue.putNowait(1)
        #expect(throws: QueueError.full(queue: "mailbox", maxsize: 1)) { try queue.putNowait(2) }
        #expect(queue.count == 1)
        #expect(queue.unfinishedTasks == 1, "a refused put adds no task")
        #expect(QueueError.full(queue: "mailbox", maxsize: 1).description
            == "queue 'mailbox' is full (maxsize 1): put() could not add the item")
    }

    @Test func getNowaitOnAnEmptyQueueThrowsEmpty() throws {
        let queue = PriorityQueue<Int>(name: "jobs")
        #expect(throws: QueueError.empty(queue: "jobs")) { try queue.getNowait() }
        queue.put(7)
        #expect(try queue.getNowait() == 7)
        #expect(throws: QueueError.empty(queue: "jobs")) { try queue.getNowait() }
        #expect(QueueError.empty(queue: "jobs").description == "queue 'jobs' is empty: get() found no item")
    }

    @Test func taskDoneMoreOftenThanPutIsAnError() throws {
        let queue = Queue<String>(name: "work")
        #expect(throws: QueueError.taskDoneTooManyTimes(queue: "work")) { try queue.taskDone() }
        queue.put("x")
        _ = queue.get()
        try queue.taskDone()
        #expect(throws: QueueError.taskDoneTooManyTimes(queue: "work")) { try queue.taskDone() }
        #expect(queue.unfinishedTasks == 0)
        #expect(QueueError.taskDoneTooManyTimes(queue: "work").description
            == "taskDone() called too many times on queue 'work': more often than items were put")
    }

    // MARK: Names

    @Test func queuesAndTheirLocksCarryNames() {
        let named = Queue<Int>(name: "orders")
        #expect(named.name == "orders")
        #expect(named.lock.name == "orders", "deadlock reports name the queue's lock after the queue")
        let line = #line + 1
        let anonymous = LifoQueue<Int>()
        #expect(anonymous.name.hasPrefix("LifoQueue#"))
        #expect(anonymous.name.hasSuffix("(MultitaskingTests/QueueTests.swift:\(line))"))
        let first = PriorityQueue<Int>(), second = PriorityQueue<Int>()
        #expect(first.name != second.name)
    }

    @Test func descriptionsShowKindNameSizeAndBound() {
        let queue = Queue<Int>(maxsize: 3, name: "q")
        #expect(queue.description == "<Queue 'q' 0 items, maxsize 3>")
        queue.put(1)
        #expect(queue.description == "<Queue 'q' 1 item, maxsize 3>")
        let stack = LifoQueue<Int>(name: "s")
        stack.put(1)
        stack.put(2)
        #expect(stack.description == "<LifoQueue 's' 2 items>")
        #expect(PriorityQueue<Int>(name: "p").description == "<PriorityQueue 'p' 0 items>")
    }

    // MARK: Timeouts

    @Test func getWithTimeoutThrowsEmptyAfterTheTimeout() throws {
        let queue = Queue<Int>(name: "idle")
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: QueueError.empty(queue: "idle")) { try queue.get(timeout: .milliseconds(50)) }
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(45))
        #expect(elapsed < .seconds(5))
    }

    @Test func putWithTimeoutThrowsFullAfterTheTimeout() throws {
        let queue = LifoQueue<Int>(maxsize: 1, name: "narrow")
        queue.put(1)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: QueueError.full(queue: "narrow", maxsize: 1)) { try queue.put(2, timeout: .milliseconds(50)) }
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(45))
        #expect(elapsed < .seconds(5))
        #expect(queue.get() == 1)
    }

    @Test func zeroOrNegativeTimeoutsDoNotWait() throws {
        let queue = Queue<Int>(maxsize: 1, name: "instant")
        #expect(throws: QueueError.empty(queue: "instant")) { try queue.get(timeout: .zero) }
        #expect(throws: QueueError.empty(queue: "instant")) { try queue.get(timeout: .seconds(-1)) }
        try queue.put(1, timeout: .zero)
        #expect(throws: QueueError.full(queue: "instant", maxsize: 1)) { try queue.put(2, timeout: .seconds(-1)) }
        #expect(try queue.get(timeout: .zero) == 1)
    }

    @Test func timedOperationsSucceedWhenTheyNeedNotWait() throws {
        let queue = PriorityQueue<Int>(maxsize: 2)
        try queue.put(2, timeout: .seconds(1))
        try queue.put(1, timeout: .seconds(1))
        #expect(try queue.get(timeout: .seconds(1)) == 1)
        #expect(try queue.get(timeout: .seconds(1)) == 2)
    }

    @Test func getWithTimeoutReturnsAnItemPutWhileItWaits() throws {
        let queue = Queue<Int>()
        let producer = Thread(name: "late-producer") {
            Thread.sleep(for: .milliseconds(30))
            queue.put(42)
        }
        try producer.start()
        #expect(try queue.get(timeout: .seconds(10)) == 42)
        try producer.join()
    }

    @Test func putWithTimeoutSucceedsWhenRoomIsMadeWhileItWaits() throws {
        let queue = Queue<Int>(maxsize: 1)
        queue.put(1)
        let consumer = Thread(name: "late-consumer") {
            Thread.sleep(for: .milliseconds(30))
            _ = queue.get()
        }
        try consumer.start()
        try queue.put(2, timeout: .seconds(10))
        try consumer.join()
        #expect(queue.get() == 2)
    }

    // MARK: Blocking

    @Test func getBlocksUntilAnItemIsPut() throws {
        let queue = Queue<Int>()
        let received = Locked<Int?>(nil)
        let consumer = Thread(name: "consumer") {
            let item = queue.get()
            received.withLock { $0 = item }
        }
        try consumer.start()
        #expect(try consumer.join(timeout: .milliseconds(50)) == false, "get() returned from an empty queue")
        #expect(received.withLock { $0 } == nil)
        queue.put(9)
        try consumer.join()
        #expect(received.withLock { $0 } == 9)
    }

    @Test func putBlocksWhileTheQueueIsFull() throws {
        let queue = LifoQueue<Int>(maxsize: 2)
        queue.put(1)
        queue.put(2)
        let producer = Thread(name: "producer") { queue.put(3) }
        try producer.start()
        #expect(try producer.join(timeout: .milliseconds(50)) == false, "put() did not wait for room")
        #expect(queue.count == 2)
        #expect(queue.get() == 2)
        try producer.join()
        #expect([queue.get(), queue.get()] == [3, 1])
    }

    @Test func oneGetWakesOneOfSeveralBlockedProducers() throws {
        let queue = Queue<Int>(maxsize: 1)
        queue.put(0)
        let producers = (1...3).map { value in Thread(name: "producer-\(value)") { queue.put(value) } }
        for producer in producers { try producer.start() }
        var seen: [Int] = []
        for _ in 0...3 { seen.append(queue.get()) }
        for producer in producers { try producer.join() }
        #expect(seen.first == 0)
        #expect(seen.sorted() == [0, 1, 2, 3])
        #expect(queue.isEmpty)
    }

    // MARK: Tasks

    @Test func joinReturnsAtOnceWithoutUnfinishedTasks() {
        let queue = Queue<Int>()
        queue.join()
        #expect(queue.join(timeout: .zero))
    }

    @Test func joinWaitsUntilEveryItemIsMarkedDone() throws {
        let queue = Queue<Int>(name: "tasks")
        let processed = Locked<[Int]>([])
        for item in 0..<3 { queue.put(item) }
        #expect(queue.unfinishedTasks == 3)
        #expect(!queue.join(timeout: .milliseconds(20)), "join() returned with unfinished tasks")
        let worker = Thread(name: "worker") {
            for _ in 0..<3 {
                let item = queue.get()
                Thread.sleep(for: .milliseconds(5))
                processed.withLock { $0.append(item) }
                try queue.taskDone()
            }
        }
        try worker.start()
        queue.join()
        // join() returning means every taskDone() ran, so all three were processed before it.
        #expect(processed.withLock { $0 } == [0, 1, 2])
        #expect(queue.unfinishedTasks == 0)
        try worker.join()
        #expect(worker.error == nil)
    }

    @Test func gettingAnItemDoesNotFinishItsTask() throws {
        let queue = PriorityQueue<Int>()
        queue.put(1)
        _ = queue.get()
        #expect(queue.isEmpty)
        #expect(queue.unfinishedTasks == 1)
        #expect(!queue.join(timeout: .milliseconds(10)))
        try queue.taskDone()
        #expect(queue.join(timeout: .zero))
    }

    @Test func severalThreadsCanJoinTheSameQueue() throws {
        let queue = LifoQueue<Int>()
        queue.put(1)
        let joined = Locked(0)
        let joiners = (0..<3).map { index in
            Thread(name: "joiner-\(index)") {
                queue.join()
                joined.withLock { $0 += 1 }
            }
        }
        for joiner in joiners { try joiner.start() }
        Thread.sleep(for: .milliseconds(20))
        #expect(joined.withLock { $0 } == 0)
        _ = queue.get()
        try queue.taskDone()
        for joiner in joiners { try joiner.join() }
        #expect(joined.withLock { $0 } == 3)
    }

    // MARK: Diagnostics

    @Test func queuesStayCorrectUnderPerturbationAndLockOrderChecks() async throws {
        // In a child process (an exit test), so turning the checks on cannot disturb the tests
        // running in parallel here. Every lock operation then takes the instrumented path, and
        // put/get are perturbation points: yields and short sleeps reshuffle the schedule.
        await #expect(processExitsWith: .success) {
            Diagnostics.enable(.init(checksLockOrder: true, perturbationSeed: 2_024))
            let queue = Queue<Int>(maxsize: 3, name: "perturbed")
            let producers = (0..<3).map { index in
                Thread(name: "producer-\(index)") {
                    for item in 0..<200 { queue.put(index * 1_000 + item) }
                }
            }
            let received = Locked<[Int]>([])
            let consumers = (0..<3).map { index in
                Thread(name: "consumer-\(index)") {
                    for _ in 0..<200 {
                        let item = queue.get()
                        received.withLock { $0.append(item) }
                        try queue.taskDone()
                    }
                }
            }
            for thread in producers + consumers { try thread.start() }
            queue.join()
            for thread in producers + consumers { try thread.join() }
            let expected = (0..<3).flatMap { index in (0..<200).map { index * 1_000 + $0 } }
            guard received.withLock({ $0.sorted() }) == expected, Diagnostics.reports.isEmpty else { exit(1) }
        }
    }
}
