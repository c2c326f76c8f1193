import Multitasking

/// Sums `numbers` with `threadCount` threads: thread `i` adds up every `threadCount`-th
/// number starting at index `i`, then adds its part to a shared total under a `Lock`.
/// Returns the total once every thread has been joined.
public func parallelSum(_ numbers: [Int], threadCount: Int) throws -> Int {
    let total = SharedTotal()
    let threads = (0..<threadCount).map { first in
        Thread(name: "adder-\(first)") {
            let part = stride(from: first, to: numbers.count, by: threadCount)
                .reduce(0) { $0 + numbers[$1] }
            total.add(part)
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
    return total.value
}

/// The total the threads add into; the lock makes each `+=` whole.
final class SharedTotal: @unchecked Sendable {
    private let lock = Lock(name: "total")
    private var sum = 0

    func add(_ part: Int) {
        lock.withLock { sum += part }
    }

    var value: Int {
        lock.withLock { sum }
    }
}
