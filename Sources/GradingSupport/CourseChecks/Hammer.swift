import Multitasking
import Synchronization

/// What `hammer` counted.
public struct HammerResult: Sendable {
    /// How many times the threads called `increment`, each counting its own calls.
    public var calls: Int
    /// What the counter says.
    public var counted: Int
    /// Increments the counter did not count.
    public var lost: Int { calls - counted }
}

/// Starts `threads` threads that call `increment(counter)` over and over for `duration`,
/// each counting its own calls, then compares the total of those calls with `count(counter)`:
/// the test of a counter that must not lose increments.
///
/// Why a duration and not a fixed number of calls: increments are lost only while two threads
/// are in the middle of the same read-modify-write. On an idle machine with two cores that
/// happens within microseconds; on a busy one the threads may share a single core for a while,
/// and then only a preemption in the middle of `+= 1` loses one. Half a second of hammering
/// makes a loss (and so the failure of an unsafe counter) all but certain either way, and it
/// bounds the time a correct but slow counter takes (under ThreadSanitizer, or under the
/// runtime's schedule perturbation, which delays some lock operations).
public func hammer<Counter: Sendable>(
    threads: Int, for duration: Duration = .milliseconds(500),
    counter: Counter, increment: @escaping @Sendable (Counter) -> Void, count: (Counter) -> Int
) throws -> HammerResult {
    let startLine = StartLine(threads: threads)
    let calls = CallTotal()
    let workers = (0..<threads).map { index in
        Thread(name: "hammer-\(index)") {
            startLine.arriveAndWaitForAll()
            let clock = ContinuousClock()
            let end = clock.now + duration
            var made = 0
            repeat {
                for _ in 0..<256 { increment(counter) }
                made += 256
            } while clock.now < end
            calls.add(made)
        }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    return HammerResult(calls: calls.total, counted: count(counter))
}

/// The calls of every thread, added up under the runtime's `Lock`.
private final class CallTotal: @unchecked Sendable {
    private let lock = Lock(name: "call total")
    private var sum = 0

    func add(_ calls: Int) { lock.withLock { sum += calls } }
    var total: Int { lock.withLock { sum } }
}

/// Releases threads together: each arrives and spins until all have arrived, so that they are
/// all running (not waking up one by one from a sleep) when their loops begin. The atomic is
/// only a start signal; the counts are read after `join()`, which orders them.
private final class StartLine: Sendable {
    private let arrived = Atomic<Int>(0)
    private let threads: Int

    init(threads: Int) { self.threads = threads }

    func arriveAndWaitForAll() {
        arrived.wrappingAdd(1, ordering: .relaxed)
        // The switch point lets the others arrive when the runtime's explorer runs one thread at a time.
        while arrived.load(ordering: .relaxed) < threads { schedulePoint() }
    }
}
