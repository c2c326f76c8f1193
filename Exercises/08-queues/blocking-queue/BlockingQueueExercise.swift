// Exercise blocking-queue: A blocking buffer (chapter Queues).
// Read first: Exercises/08-queues/lesson.md, the section on blocking-queue.
// Check it: swift run grade blocking-queue    Stuck? swift run grade hint blocking-queue

import Multitasking

/// Why a timed `put` or `get` of a `BlockingBuffer` gave up.
public enum BufferError: Error, Equatable, Sendable {
    /// `put(_:timeout:)` found the buffer full for the whole timeout.
    case full(capacity: Int)
    /// `get(timeout:)` found the buffer empty for the whole timeout.
    case empty
}

/// A first-in, first-out buffer of at most `capacity` integers whose `put` waits while it is full
/// and whose `get` waits while it is empty: the heart of a producer-consumer program.
///
/// Build it from the lock, the two conditions over it and the array (not with the runtime's
/// `Queue`). A waiting thread must sleep on a condition, not spin in a loop.
public final class BlockingBuffer: @unchecked Sendable {
    public let capacity: Int
    private let lock = Lock(name: "blocking-buffer")
    private let notEmpty: Condition
    private let notFull: Condition
    /// Guarded by `lock`.
    private var items: [Int] = []

    public init(capacity: Int) {
        self.capacity = capacity
        notEmpty = Condition(lock: lock, name: "blocking-buffer.not-empty")
        notFull = Condition(lock: lock, name: "blocking-buffer.not-full")
    }

    /// Adds `item`, waiting as long as the buffer is full.
    public func put(_ item: Int) {
        // TODO: under the lock, wait on `notFull` until there is room, append, notify `notEmpty`.
    }

    /// Adds `item`, waiting at most `timeout` for room.
    /// - Throws: `BufferError.full(capacity:)` if there was no room in time.
    public func put(_ item: Int, timeout: Duration) throws(BufferError) {
        // TODO: like put(_:), but wait on `notFull` at most `timeout`.
        throw .full(capacity: capacity)
    }

    /// Takes the oldest item, waiting as long as the buffer is empty.
    public func get() -> Int {
        // TODO: under the lock, wait on `notEmpty` until there is an item, remove the first one,
        // notify `notFull`, return it.
        return -1
    }

    /// Takes the oldest item, waiting at most `timeout` for one.
    /// - Throws: `BufferError.empty` if no item came in time.
    public func get(timeout: Duration) throws(BufferError) -> Int {
        // TODO: like get(), but wait on `notEmpty` at most `timeout`.
        throw .empty
    }

    /// How many items the buffer holds.
    public var count: Int {
        // TODO: the number of items, read under the lock.
        return 0
    }
}
