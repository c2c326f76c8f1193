import Multitasking

public enum BufferError: Error, Equatable, Sendable {
    case full(capacity: Int)
    case empty
}

public final class BlockingBuffer: @unchecked Sendable {
    public let capacity: Int
    private let lock = Lock(name: "blocking-buffer")
    private let freeSlots: Semaphore
    private let filledSlots = Semaphore(0, name: "blocking-buffer.items")
    private var items: [Int] = []

    public init(capacity: Int) {
        self.capacity = capacity
        freeSlots = Semaphore(capacity, name: "blocking-buffer.free")
    }

    public func put(_ item: Int) {
        freeSlots.acquire()
        append(item)
    }

    public func put(_ item: Int, timeout: Duration) throws(BufferError) {
        guard freeSlots.acquire(timeout: timeout) else { throw .full(capacity: capacity) }
        append(item)
    }

    public func get() -> Int {
        filledSlots.acquire()
        return removeFirst()
    }

    public func get(timeout: Duration) throws(BufferError) -> Int {
        guard filledSlots.acquire(timeout: timeout) else { throw .empty }
        return removeFirst()
    }

    public var count: Int { lock.withLock { items.count } }

    private func append(_ item: Int) {
        lock.withLock { items.append(item) }
        filledSlots.release()
    }

    private func removeFirst() -> Int {
        let item = lock.withLock { items.removeFirst() }
        freeSlots.release()
        return item
    }
}
