import Multitasking

/// A hit counter that several threads share.
///
/// `@unchecked Sendable` lets the compiler hand one `HitCounter` to many threads. It is a
/// promise you make to the compiler: "every access to my stored properties is synchronised; I
/// checked". The lock keeps the promise: each `hits += 1` (a read, an add and a write) happens
/// whole, while no other thread touches `hits`.
public final class HitCounter: @unchecked Sendable {
    private let lock = Lock(name: "hits")
    private var hits = 0  // guarded by `lock`

    public init() {}

    /// Adds one hit. Correct when many threads call it at the same moment.
    public func increment() {
        lock.withLock { hits += 1 }
    }

    /// The hits counted so far.
    public var value: Int {
        lock.withLock { hits }
    }
}

/// Starts `threads` threads named `hitter-0`, `hitter-1`, ..., each calling
/// `counter.increment()` `incrementsPerThread` times on ONE shared counter; joins them all and
/// returns the count. (This part is done; the bug is in `HitCounter`.)
public func countHits(threads: Int, incrementsPerThread: Int) throws -> Int {
    let counter = HitCounter()
    let workers = (0..<threads).map { index in
        Thread(name: "hitter-\(index)") {
            for _ in 0..<incrementsPerThread { counter.increment() }
        }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    return counter.value
}
