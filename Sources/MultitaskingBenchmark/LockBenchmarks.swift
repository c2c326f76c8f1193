import Dispatch
import Glibc
import Multitasking
import Synchronization

// The locks section: an uncontended acquire+release, and a counter incremented under the lock
// by 2 and by 8 threads, with Multitasking's `Lock`, a pthread mutex, `Synchronization.Mutex`,
// a serial Dispatch queue, and Python's threading.Lock (threading_bench.py).

let lockSection = BenchmarkSection(name: "locks") { options in
    let repetitions = options.quick ? 3 : 7
    let python = PythonReference.run("threading_bench", arguments: ["locks"], options: options)
    var rows: [BenchmarkRow] = []

    // Uncontended: one thread, nobody else touches the lock.
    let iterations = options.quick ? 1_000_000 : 10_000_000
    let lock = Lock(name: "benchmark")
    let mutex = PthreadMutex()
    let swiftMutex = Mutex<Int>(0)
    let serial = DispatchQueue(label: "benchmark.serial")
    var ours = Double.infinity, pthread = Double.infinity, synchronization = Double.infinity
    var dispatch = Double.infinity
    for _ in 0..<repetitions {
        ours = min(ours, bestTime(repetitions: 1) {
            for _ in 0..<iterations {
                lock.acquire()
                try! lock.release()
            }
        })
        pthread = min(pthread, bestTime(repetitions: 1) {
            for _ in 0..<iterations {
                mutex.lock()
                mutex.unlock()
            }
        })
        synchronization = min(synchronization, bestTime(repetitions: 1) {
            for _ in 0..<iterations { swiftMutex.withLock { _ in } }
        })
        dispatch = min(dispatch, bestTime(repetitions: 1) {
            for _ in 0..<iterations / 10 { serial.sync {} }
        } * 10)
    }
    let perOperation = 1e9 / Double(iterations)
    rows.append(BenchmarkRow(
        section: "locks", operation: "uncontended acquire+release", unit: "ns/op", higherIsBetter: false,
        multitasking: ours * perOperation, python: python["lock_uncontended_ns"],
        baselines: [
            ("pthread_mutex", pthread * perOperation), ("Synchronization.Mutex", synchronization * perOperation),
            ("DispatchQueue.sync", dispatch * perOperation),
        ],
        target: "≤ 1.5x pthread_mutex", targetMet: ours <= 1.5 * pthread))

    // Contended: `threads` threads share `total` increments of one counter under the lock.
    let total = options.quick ? 200_000 : 1_000_000
    for threads in [2, 8] {
        let share = total / threads
        let counter = SharedCounter()
        func measure(_ increment: @escaping @Sendable () -> Void) -> Double {
            var best = Double.infinity
            for _ in 0..<max(2, repetitions / 2) {
                counter.value = 0
                best = min(best, RawThreads.run(threads) { _ in
                    for _ in 0..<share { increment() }
                })
                precondition(counter.value == share * threads, "lost increments: the lock did not exclude")
            }
            return best * 1e9 / Double(share * threads)
        }
        let ours = measure { lock.withLock { counter.value += 1 } }
        let pthread = measure {
            mutex.lock()
            counter.value += 1
            mutex.unlock()
        }
        let synchronization = measure { swiftMutex.withLock { _ in counter.value += 1 } }
        let dispatch = measure { serial.sync { counter.value += 1 } }
        rows.append(BenchmarkRow(
            section: "locks", operation: "contended lock, \(threads) threads (\(total) increments)", unit: "ns/op",
            higherIsBetter: false, multitasking: ours, python: python["lock_contended_\(threads)_ns"],
            baselines: [
                ("pthread_mutex", pthread), ("Synchronization.Mutex", synchronization), ("DispatchQueue.sync", dispatch),
            ]))
    }
    return rows
}

/// A `pthread_mutex_t` at a stable address (a Swift struct may move, a pthread mutex must not).
final class PthreadMutex: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// For a condition variable waiting on this mutex.
    var pointer: UnsafeMutablePointer<pthread_mutex_t> { mutex }
}

/// A counter that the benchmark guards with the lock under test (hence unchecked).
final class SharedCounter: @unchecked Sendable {
    var value = 0
}
