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
/// One lock guards the items; two conditions over that lock let a thread sleep until there is
/// an item (`notEmpty`) or room (`notFull`). A waiting thread uses no CPU.
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

    // `wait` and `notify` throw only when the caller does not hold the condition's lock; every
    // call below is inside `lock.withLock`, so `try?` loses nothing.

    /// Adds `item`, waiting as long as the buffer is full.
    public func put(_ item: Int) {
        lock.withLock {
            _ = try? notFull.wait(for: { items.count < capacity })
            append(item)
        }
    }

    /// Adds `item`, waiting at most `timeout` for room.
    /// - Throws: `BufferError.full(capacity:)` if there was no room in time.
    public func put(_ item: Int, timeout: Duration) throws(BufferError) {
        try lock.withLock { () throws(BufferError) in
            guard (try? notFull.wait(for: { items.count < capacity }, timeout: timeout)) == true else {
                throw .full(capacity: capacity)
            }
            append(item)
        }
    }

    /// Takes the oldest item, waiting as long as the buffer is empty.
    public func get() -> Int {
        lock.withLock {
            _ = try? notEmpty.wait(for: { !items.isEmpty })
            return removeFirst()
        }
    }

    /// Takes the oldest item, waiting at most `timeout` for one.
    /// - Throws: `BufferError.empty` if no item came in time.
    public func get(timeout: Duration) throws(BufferError) -> Int {
        try lock.withLock { () throws(BufferError) -> Int in
            guard (try? notEmpty.wait(for: { !items.isEmpty }, timeout: timeout)) == true else {
                throw .empty
            }
            return removeFirst()
        }
    }

    /// How many items the buffer holds.
    public var count: Int { lock.withLock { items.count } }

    /// With the lock held: adds the item and wakes one thread waiting for an item.
    private func append(_ item: Int) {
        items.append(item)
        // Only an empty buffer can have waiting consumers: wake one when the first item arrives.
        if items.count == 1 { try? notEmpty.notify() }
    }

    /// With the lock held: takes the front item and wakes one thread waiting for room.
    private func removeFirst() -> Int {
        let item = items.removeFirst()
        try? notFull.notify()
        return item
    }
}
