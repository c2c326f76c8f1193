import Glibc
import Multitasking

// The queues section: integers passed from producer threads to consumer threads through
// Multitasking's `Queue`, through the textbook pthread mutex + condition variable queue that it
// stands on, and through Python's queue.Queue (threading_bench.py), with the same item counts.

let queueSection = BenchmarkSection(name: "queues") { options in
    let repetitions = options.quick ? 1 : 3
    let python = PythonReference.run("threading_bench", arguments: ["queues"], options: options)
    let items = options.quick ? 100_000 : 1_000_000
    var rows: [BenchmarkRow] = []

    for (producers, consumers, key) in [(1, 1, "queue_1to1_items_per_s"), (4, 4, "queue_4x4_items_per_s")] {
        /// Items per second through a fresh queue made by `make`, best of the repetitions.
        func throughput<Q: Sendable>(_ make: () -> Q, put: @escaping @Sendable (Q, Int) -> Void,
                                     get: @escaping @Sendable (Q) -> Int) -> Double {
            var best = Double.infinity
            for _ in 0..<repetitions {
                let queue = make()
                let sums = SharedSums(count: consumers)
                let seconds = RawThreads.run(producers + consumers) { index in
                    if index < producers {
                        for item in stride(from: index, to: items, by: producers) { put(queue, item) }
                    } else {
                        var sum = 0
                        for _ in 0..<items / consumers { sum &+= get(queue) }
                        sums.set(index - producers, sum)
                    }
                }
                precondition(sums.total == items * (items - 1) / 2, "items were lost or duplicated")
                best = min(best, seconds)
            }
            return Double(items) / best
        }
        let ours = throughput({ Queue<Int>(name: "benchmark") }, put: { $0.put($1) }, get: { $0.get() })
        let textbook = throughput({ PthreadConditionQueue() }, put: { $0.put($1) }, get: { $0.get() })
        let pythonFigure = python[key]
        let label = producers == 1
            ? "Queue: \(items) integers from one thread to another"
            : "Queue: \(items) integers, \(producers) producers and \(consumers) consumers"
        rows.append(BenchmarkRow(
            section: "queues", operation: label, unit: "items/s", higherIsBetter: true,
            multitasking: ours, python: pythonFigure,
            baselines: [("pthread mutex+cond queue", textbook)],
            target: "≥ 10x Python", targetMet: pythonFigure.map { ours >= 10 * $0 }))
    }
    return rows
}

/// The textbook blocking queue, as a C programmer writes it: one pthread mutex, one condition
/// variable, a growable ring of integers. The floor under `Queue`'s figure.
final class PthreadConditionQueue: @unchecked Sendable {
    private let mutex = PthreadMutex()
    private let notEmpty: UnsafeMutablePointer<pthread_cond_t>
    private var ring = [Int](repeating: 0, count: 1_024)
    private var head = 0
    private var count = 0

    init() {
        notEmpty = .allocate(capacity: 1)
        pthread_cond_init(notEmpty, nil)
    }

    deinit {
        pthread_cond_destroy(notEmpty)
        notEmpty.deallocate()
    }

    func put(_ item: Int) {
        mutex.lock()
        if count == ring.count {
            ring = (0..<count).map { ring[(head + $0) % ring.count] } + [Int](repeating: 0, count: count)
            head = 0
        }
        ring[(head + count) % ring.count] = item
        count += 1
        pthread_cond_signal(notEmpty)
        mutex.unlock()
    }

    func get() -> Int {
        mutex.lock()
        while count == 0 { pthread_cond_wait(notEmpty, mutex.pointer) }
        let item = ring[head]
        head = (head + 1) % ring.count
        count -= 1
        mutex.unlock()
        return item
    }
}

/// Each consumer's sum of the items it got, to check that every item arrived exactly once.
final class SharedSums: @unchecked Sendable {
    private let lock = PthreadMutex()
    private var sums: [Int]

    init(count: Int) { sums = Array(repeating: 0, count: count) }

    func set(_ index: Int, _ sum: Int) {
        lock.lock()
        sums[index] = sum
        lock.unlock()
    }

    var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return sums.reduce(0, &+)
    }
}
