import Multitasking

public enum BufferError: Error, Equatable, Sendable {
    case full(capacity: Int)
    case empty
}

public final class BlockingBuffer: @unchecked Sendable {
    public let capacity: Int
    private let changed = Condition(name: "blocking-buffer.changed")
    private var items: [Int] = []

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public func put(_ item: Int) {
        changed.withLock {
            while items.count >= capacity { _ = try? changed.wait() }
            items.append(item)
            try? changed.notifyAll()
        }
    }

    public func put(_ item: Int, timeout: Duration) throws(BufferError) {
        try changed.withLock { () throws(BufferError) in
            guard (try? changed.wait(for: { items.count < capacity }, timeout: timeout)) == true else {
                throw .full(capacity: capacity)
            }
            items.append(item)
            try? changed.notifyAll()
        }
    }

    public func get() -> Int {
        changed.withLock {
            while items.isEmpty { _ = try? changed.wait() }
            let item = items.removeFirst()
            try? changed.notifyAll()
            return item
        }
    }

    public func get(timeout: Duration) throws(BufferError) -> Int {
        try changed.withLock { () throws(BufferError) -> Int in
            guard (try? changed.wait(for: { !items.isEmpty }, timeout: timeout)) == true else {
                throw .empty
            }
            let item = items.removeFirst()
            try? changed.notifyAll()
            return item
        }
    }

    public var count: Int { changed.withLock { items.count } }
}
