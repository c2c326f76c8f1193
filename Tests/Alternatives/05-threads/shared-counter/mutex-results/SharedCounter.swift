import Multitasking
import Synchronization

public final class TicketCounter: @unchecked Sendable {
    public let lock = Lock(name: "tickets")
    public var remaining: Int

    public init(remaining: Int) {
        self.remaining = remaining
    }
}

public func sellWithThreads(from counter: TicketCounter, buyers: Int) throws -> [Int] {
    let numbers = Mutex<[Int]>([])
    let threads = (0..<buyers).map { index in
        Thread(name: "buyer-\(index)") {
            counter.lock.acquire()
            counter.remaining -= 1
            let left = counter.remaining
            try counter.lock.release()
            numbers.withLock { $0.append(left) }
        }
    }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
    return numbers.withLock { $0 }
}

public func sellWithProcesses(from counter: TicketCounter, buyers: Int) throws -> [Int] {
    let results = try ProcessQueue<Int>(name: "noted")
    let children = (0..<buyers).map { index in
        Process(name: "buyer-\(index)") {
            let left = counter.lock.withLock { () -> Int in
                counter.remaining -= 1
                return counter.remaining
            }
            try results.put(left)
        }
    }
    for child in children { try child.start() }
    for child in children { try child.join() }
    return try (0..<buyers).map { _ in try results.get(timeout: .seconds(5)) }
}
