import Dispatch
import Glibc
import Multitasking
import Synchronization

// The threads section: 500 threads started and joined, with Multitasking's `Thread`, raw
// pthread_create/pthread_join, Dispatch, and Python's threading.Thread (threading_bench.py).

let threadSection = BenchmarkSection(name: "threads") { options in
    let repetitions = options.quick ? 3 : 7
    let python = PythonReference.run("threading_bench", arguments: ["threads"], options: options)
    let count = 500

    func multitaskingThreads() {
        let threads = (0..<count).map { _ in Multitasking.Thread {} }
        for thread in threads { try! thread.start() }
        for thread in threads { try! thread.join() }
    }
    func rawPthreads() {
        var handles: [pthread_t] = []
        handles.reserveCapacity(count)
        for _ in 0..<count {
            var handle = pthread_t()
            let result = pthread_create(&handle, nil, { _ in nil }, nil)
            precondition(result == 0, "pthread_create failed: \(result)")
            handles.append(handle)
        }
        for handle in handles { pthread_join(handle, nil) }
    }
    func dispatchGroup() {
        let group = DispatchGroup()
        let queue = DispatchQueue.global()
        for _ in 0..<count { queue.async(group: group) {} }
        group.wait()
    }

    // Warm up each (first thread creation maps stacks, first Dispatch use starts its pool).
    multitaskingThreads()
    rawPthreads()
    dispatchGroup()
    // Interleave the candidates so a burst of load from elsewhere hits all of them alike.
    var ours = Double.infinity, raw = Double.infinity, dispatch = Double.infinity
    for _ in 0..<repetitions {
        ours = min(ours, bestTime(repetitions: 1, multitaskingThreads))
        raw = min(raw, bestTime(repetitions: 1, rawPthreads))
        dispatch = min(dispatch, bestTime(repetitions: 1, dispatchGroup))
    }
    return [BenchmarkRow(
        section: "threads", operation: "\(count) threads started and joined", unit: "ms", higherIsBetter: false,
        multitasking: ours * 1e3, python: python["thread_start_join_500_ms"],
        baselines: [("pthread_create+join", raw * 1e3), ("Dispatch 500 async blocks (pool threads)", dispatch * 1e3)],
        target: "≤ 1.5x pthread", targetMet: ours <= 1.5 * raw)]
}

/// Raw pthreads released together through a gate, so that a contention benchmark measures the
/// primitive and not thread creation, and every candidate runs on the same kind of thread.
enum RawThreads {
    private final class Gate: Sendable {
        let isOpen = Atomic<Bool>(false)
    }

    private final class Job: Sendable {
        let index: Int
        let gate: Gate
        let body: @Sendable (Int) -> Void
        init(index: Int, gate: Gate, body: @escaping @Sendable (Int) -> Void) {
            (self.index, self.gate, self.body) = (index, gate, body)
        }
    }

    /// Runs `body(0..<count)` on `count` new pthreads that start together; returns the seconds
    /// from opening the gate until the last one finished.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) -> Double {
        let gate = Gate()
        var handles: [pthread_t] = []
        for index in 0..<count {
            let job = Unmanaged.passRetained(Job(index: index, gate: gate, body: body)).toOpaque()
            var handle = pthread_t()
            let result = pthread_create(&handle, nil, { context in
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                while !job.gate.isOpen.load(ordering: .acquiring) { sched_yield() }
                job.body(job.index)
                return nil
            }, job)
            precondition(result == 0, "pthread_create failed: \(result)")
            handles.append(handle)
        }
        let start = now()
        gate.isOpen.store(true, ordering: .releasing)
        for handle in handles { pthread_join(handle, nil) }
        return now() - start
    }
}
