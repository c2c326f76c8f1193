import Glibc
import Multitasking
import Synchronization
import Testing

/// Many producers and consumers at once on every kind of queue: each item arrives exactly once,
/// nothing is lost or duplicated, timeouts under contention never lose an item, and `join()`
/// returns only after every task is done. Sized to take about a second on two cores.
@Suite(.hangGuard)
struct QueueStressTests {
    enum Kind: String, CaseIterable, Sendable { case fifo, lifo, priority }

    static func makeQueue(_ kind: Kind, maxsize: Int) -> BlockingQueue<Int> {
        switch kind {
        case .fifo: Queue<Int>(maxsize: maxsize, name: "stress-fifo")
        case .lifo: LifoQueue<Int>(maxsize: maxsize, name: "stress-lifo")
        case .priority: PriorityQueue<Int>(maxsize: maxsize, name: "stress-priority")
        }
    }

    static let producers = 6
    static let consumers = 6
    static let itemsPerProducer = 5_000

    static var everyItem: [Int] {
        (0..<producers).flatMap { producer in (0..<itemsPerProducer).map { producer * 1_000_000 + $0 } }
    }

    @Test(arguments: Kind.allCases, [0, 4])
    func manyProducersAndConsumersPassEveryItemExactlyOnce(kind: Kind, maxsize: Int) throws {
        let queue = Self.makeQueue(kind, maxsize: maxsize)
        let received = Mutex<[Int]>([])
        let producers = (0..<Self.producers).map { producer in
            Thread(name: "producer-\(producer)") {
                for item in 0..<Self.itemsPerProducer { queue.put(producer * 1_000_000 + item) }
            }
        }
        let consumers = (0..<Self.consumers).map { consumer in
            Thread(name: "consumer-\(consumer)") {
                var mine: [Int] = []
                // Each consumer takes an equal share; the total equals what was put.
                for _ in 0..<(Self.producers * Self.itemsPerProducer / Self.consumers) { mine.append(queue.get()) }
                received.withLock { $0 += mine }
            }
        }
        for thread in consumers + producers { try thread.start() }
        for thread in producers + consumers { try thread.join() }
        #expect(received.withLock { $0.sorted() } == Self.everyItem)
        #expect(queue.isEmpty)
    }

    @Test func fifoKeepsEachProducersOrderUnderContention() throws {
        // Items from one producer leave a FIFO queue in the order that producer put them.
        let queue = Queue<Int>(maxsize: 8)
        let perConsumer = Mutex<[[Int]]>([])
        let producers = (0..<4).map { producer in
            Thread(name: "ordered-producer-\(producer)") {
                for item in 0..<5_000 { queue.put(producer * 1_000_000 + item) }
            }
        }
        let consumer = Thread(name: "ordered-consumer") {
            let items = (0..<20_000).map { _ in queue.get() }
            perConsumer.withLock { $0.append(items) }
        }
        for thread in [consumer] + producers { try thread.start() }
        for thread in producers + [consumer] { try thread.join() }
        let items = perConsumer.withLock { $0 }.joined()
        for producer in 0..<4 {
            let fromProducer = items.filter { $0 / 1_000_000 == producer }
            #expect(fromProducer == (0..<5_000).map { producer * 1_000_000 + $0 })
        }
    }

    @Test(arguments: Kind.allCases)
    func timeoutsUnderContentionNeverLoseOrDuplicateAnItem(kind: Kind) throws {
        // A tiny queue and very short timeouts: puts and gets time out often while other threads
        // succeed. A timed-out put must not have added its item; a timed-out get must not have
        // taken one. Producers retry until their item is in; consumers stop at a sentinel.
        let queue = Self.makeQueue(kind, maxsize: 2)
        let producerCount = 4, consumerCount = 4, itemsEach = 1_500
        let sentinel = Int.max
        let received = Mutex<[Int]>([])
        let timeouts = Atomic<Int>(0)
        let producers = (0..<producerCount).map { producer in
            Thread(name: "timed-producer-\(producer)") {
                for item in 0..<itemsEach {
                    while true {
                        do {
                            try queue.put(producer * 1_000_000 + item, timeout: .microseconds(50))
                            break
                        } catch {
                            #expect(error as? QueueError == .full(queue: queue.name, maxsize: 2))
                            timeouts.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
        }
        let consumers = (0..<consumerCount).map { consumer in
            Thread(name: "timed-consumer-\(consumer)") {
                var mine: [Int] = []
                while true {
                    do {
                        let item = try queue.get(timeout: .microseconds(50))
                        if item == sentinel { break }
                        mine.append(item)
                        try queue.taskDone()
                    } catch {
                        #expect(error as? QueueError == .empty(queue: queue.name))
                        timeouts.add(1, ordering: .relaxed)
                    }
                }
                received.withLock { $0 += mine }
            }
        }
        for thread in producers + consumers { try thread.start() }
        for producer in producers { try producer.join() }
        // Only when every item is taken and done: a LIFO queue would hand out a sentinel first.
        queue.join()
        for _ in 0..<consumerCount { queue.put(sentinel) }
        for consumer in consumers {
            try consumer.join()
            #expect(consumer.error == nil)
        }
        let expected = (0..<producerCount).flatMap { producer in (0..<itemsEach).map { producer * 1_000_000 + $0 } }
        #expect(received.withLock { $0.sorted() } == expected)
        #expect(queue.isEmpty)
        #expect(timeouts.load(ordering: .relaxed) > 0, "the scenario should make some calls time out")
    }

    @Test func nonBlockingCallsUnderContentionNeverLoseOrDuplicateAnItem() throws {
        let queue = LifoQueue<Int>(maxsize: 3)
        let total = 20_000
        let taken = Atomic<Int>(0)
        let received = Mutex<[Int]>([])
        let producer = Thread(name: "nowait-producer") {
            var item = 0
            while item < total {
                do {
                    try queue.putNowait(item)
                    item += 1
                } catch {
                    sched_yield()
                }
            }
        }
        let consumers = (0..<3).map { index in
            Thread(name: "nowait-consumer-\(index)") {
                var mine: [Int] = []
                while taken.load(ordering: .relaxed) < total {
                    if let item = try? queue.getNowait() {
                        mine.append(item)
                        taken.add(1, ordering: .relaxed)
                    } else {
                        sched_yield()
                    }
                }
                received.withLock { $0 += mine }
            }
        }
        for thread in [producer] + consumers { try thread.start() }
        for thread in [producer] + consumers { try thread.join() }
        #expect(received.withLock { $0.sorted() } == Array(0..<total))
    }

    @Test(arguments: Kind.allCases)
    func joinReturnsOnlyAfterEveryTaskIsDone(kind: Kind) throws {
        let queue = Self.makeQueue(kind, maxsize: 16)
        let done = Atomic<Int>(0)
        let total = 4 * 2_000
        let workers = (0..<4).map { index in
            Thread(name: "task-worker-\(index)", daemon: true) {
                while true {
                    let item = queue.get()
                    if item < 0 { return }
                    done.add(1, ordering: .relaxed)
                    try queue.taskDone()
                }
            }
        }
        for worker in workers { try worker.start() }
        let producers = (0..<4).map { producer in
            Thread(name: "task-producer-\(producer)") {
                for item in 0..<2_000 { queue.put(producer * 10_000 + item) }
            }
        }
        for producer in producers { try producer.start() }
        for producer in producers { try producer.join() }
        queue.join()
        // Every taskDone() comes after its item was counted, so join() saw them all.
        #expect(done.load(ordering: .relaxed) == total)
        #expect(queue.unfinishedTasks == 0)
        for _ in workers { queue.put(-1) }
        for worker in workers {
            try worker.join()
            #expect(worker.error == nil)
        }
    }
}
