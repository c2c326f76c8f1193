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

    /// Adds `item`, waiting as long as the buffer is full.
    public func put(_ item: Int) {
        while true {
            let added = lock.withLock { () -> Bool in
                guard items.count < capacity else { return false }
                items.append(item)
                return true
            }
            if added { return }
        }
    }

    /// Adds `item`, waiting at most `timeout` for room.
    public func put(_ item: Int, timeout: Duration) throws(BufferError) {
        let deadline = ContinuousClock.now + timeout
        while true {
            let added = lock.withLock { () -> Bool in
                guard items.count < capacity else { return false }
                items.append(item)
                return true
            }
            if added { return }
            if ContinuousClock.now >= deadline { throw .full(capacity: capacity) }
        }
    }

    /// Takes the oldest item, waiting as long as the buffer is empty.
    public func get() -> Int {
        while true {
            if let item = lock.withLock({ items.isEmpty ? nil : items.removeFirst() }) { return item }
        }
    }

    /// Takes the oldest item, waiting at most `timeout` for one.
    public func get(timeout: Duration) throws(BufferError) -> Int {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let item = lock.withLock({ items.isEmpty ? nil : items.removeFirst() }) { return item }
            if ContinuousClock.now >= deadline { throw .empty }
        }
    }

    /// How many items the buffer holds.
    public var count: Int { lock.withLock { items.count } }
}
