import Multitasking

/// What `get()` throws when the buffer holds nothing.
public enum BufferError: Error, Equatable, Sendable {
    case empty
}

/// Last in, first out (a stack): `get()` takes the item put most recently. Safe to share
/// between threads.
public final class LifoBuffer<Element: Sendable>: @unchecked Sendable {
    private let lock = Lock(name: "lifo-buffer")
    /// Guarded by `lock`; the top of the stack is the last element.
    private var items: [Element] = []

    public init() {}

    public func put(_ item: Element) {
        lock.withLock { items.append(item) }
    }

    /// - Throws: `BufferError.empty` if there is no item.
    public func get() throws(BufferError) -> Element {
        try lock.withLock { () throws(BufferError) -> Element in
            guard let item = items.popLast() else { throw .empty }
            return item
        }
    }

    public var count: Int { lock.withLock { items.count } }
}

/// Smallest priority first; among equal priorities, first in, first out. Safe to share
/// between threads.
public final class PriorityBuffer<Element: Sendable>: @unchecked Sendable {
    private let lock = Lock(name: "priority-buffer")
    /// Guarded by `lock`; kept sorted by priority, and among equal priorities in put order.
    private var entries: [(priority: Int, item: Element)] = []

    public init() {}

    /// Adds `item` behind every item of the same or a smaller priority.
    public func put(_ item: Element, priority: Int) {
        lock.withLock {
            // The first entry with a LARGER priority: inserting there keeps equal priorities
            // in the order they came (inserting before the first equal one would reverse them).
            var low = 0
            var high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].priority <= priority { low = middle + 1 } else { high = middle }
            }
            entries.insert((priority, item), at: low)
        }
    }

    /// Takes the item with the smallest priority; among equals, the one put first.
    /// - Throws: `BufferError.empty` if there is no item.
    public func get() throws(BufferError) -> Element {
        try lock.withLock { () throws(BufferError) -> Element in
            guard !entries.isEmpty else { throw .empty }
            return entries.removeFirst().item
        }
    }

    public var count: Int { lock.withLock { entries.count } }
}
