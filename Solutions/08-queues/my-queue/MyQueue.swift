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
    /// Guarded by `lock`. The front of the queue is `items[head]`; the slots before it were
    /// taken already and are dropped now and then, so that `get` does not shift every item.
    private var items: [Element] = []
    private var head = 0

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds `item` at the back.
    /// - Throws: `BufferError.full(capacity:)` if the buffer holds `capacity` items.
    public func put(_ item: Element) throws(BufferError) {
        try lock.withLock { () throws(BufferError) in
            guard items.count - head < capacity else { throw .full(capacity: capacity) }
            items.append(item)
        }
    }

    /// Takes the item at the front: the one that was put first.
    /// - Throws: `BufferError.empty` if there is none.
    public func get() throws(BufferError) -> Element {
        try lock.withLock { () throws(BufferError) -> Element in
            guard head < items.count else { throw .empty }
            let item = items[head]
            head += 1
            if head > 32 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    /// How many items the buffer holds.
    public var count: Int { lock.withLock { items.count - head } }
    public var isEmpty: Bool { count == 0 }
    public var isFull: Bool { count >= capacity }
}
