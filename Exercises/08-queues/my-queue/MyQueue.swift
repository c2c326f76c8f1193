// Exercise my-queue: A bounded FIFO buffer (chapter Queues).
// Read first: Exercises/08-queues/lesson.md, the section on my-queue.
// Check it: swift run grade my-queue    Stuck? swift run grade hint my-queue

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
/// Build it yourself from the `lock` and an array (not with the runtime's `Queue`).
public final class BoundedBuffer<Element: Sendable>: @unchecked Sendable {
    public let capacity: Int
    private let lock = Lock(name: "bounded-buffer")
    /// Guarded by `lock`: read and change it only inside `lock.withLock { }`.
    private var items: [Element] = []

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds `item` at the back.
    /// - Throws: `BufferError.full(capacity:)` if the buffer holds `capacity` items.
    public func put(_ item: Element) throws(BufferError) {
        // TODO: under the lock, throw `.full(capacity:)` if there is no room, else append.
    }

    /// Takes the item at the front: the one that was put first.
    /// - Throws: `BufferError.empty` if there is none.
    public func get() throws(BufferError) -> Element {
        // TODO: under the lock, throw `.empty` if there is no item, else take the FRONT one.
        throw .empty
    }

    /// How many items the buffer holds.
    public var count: Int {
        // TODO: the number of items, read under the lock.
        return 0
    }
    public var isEmpty: Bool { count == 0 }
    public var isFull: Bool { count >= capacity }
}
