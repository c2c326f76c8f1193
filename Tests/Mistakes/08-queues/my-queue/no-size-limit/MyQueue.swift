import Multitasking

/// Why a `BoundedBuffer` refused an operation (the lesson's `queue.Full` and `queue.Empty`).
public enum BufferError: Error, Equatable, Sendable {
    /// `put` found the buffer holding `capacity` items already.
    case full(capacity: Int)
    /// `get` found no item.
    case empty
}

/// A first-in, first-out buffer of at most `capacity` items, safe to share between threads.
/// It never waits: `put` on a full buffer and `get` on an empty one throw at once.
public final class BoundedBuffer<Element: Sendable>: @unchecked Sendable {
    public let capacity: Int
    private let lock = Lock(name: "bounded-buffer")
    private var items: [Element] = []

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public func put(_ item: Element) throws(BufferError) {
        lock.withLock { items.append(item) }
    }

    public func get() throws(BufferError) -> Element {
        try lock.withLock { () throws(BufferError) -> Element in
            guard !items.isEmpty else { throw .empty }
            return items.removeFirst()
        }
    }

    public var count: Int { lock.withLock { items.count } }
    public var isEmpty: Bool { count == 0 }
    public var isFull: Bool { count >= capacity }
}
