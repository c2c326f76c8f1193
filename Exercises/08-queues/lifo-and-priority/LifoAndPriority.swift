// Exercise lifo-and-priority: LIFO and priority buffers (chapter Queues).
// Read first: Exercises/08-queues/lesson.md, the section on lifo-and-priority.
// Check it: swift run grade lifo-and-priority    Stuck? swift run grade hint lifo-and-priority

import Multitasking

/// What `get()` throws when the buffer holds nothing.
public enum BufferError: Error, Equatable, Sendable {
    case empty
}

/// Last in, first out (a stack): `get()` takes the item put most recently. Safe to share
/// between threads. Build it yourself (not with the runtime's `LifoQueue`).
public final class LifoBuffer<Element: Sendable>: @unchecked Sendable {
    private let lock = Lock(name: "lifo-buffer")
    /// Guarded by `lock`.
    private var items: [Element] = []

    public init() {}

    public func put(_ item: Element) {
        // TODO: append under the lock.
    }

    /// - Throws: `BufferError.empty` if there is no item.
    public func get() throws(BufferError) -> Element {
        // TODO: take the LAST item under the lock, or throw `.empty`.
        throw .empty
    }

    public var count: Int {
        // TODO: the number of items, read under the lock.
        return 0
    }
}

/// Smallest priority first; among equal priorities, first in, first out. Safe to share
/// between threads. Build it yourself (not with the runtime's `PriorityQueue`).
public final class PriorityBuffer<Element: Sendable>: @unchecked Sendable {
    private let lock = Lock(name: "priority-buffer")
    /// Guarded by `lock`. One way: keep it sorted by priority as you insert.
    private var entries: [(priority: Int, item: Element)] = []

    public init() {}

    /// Adds `item` behind every item of the same or a smaller priority.
    public func put(_ item: Element, priority: Int) {
        // TODO: insert under the lock, keeping `entries` sorted (see the documentation above).
    }

    /// Takes the item with the smallest priority; among equals, the one put first.
    /// - Throws: `BufferError.empty` if there is no item.
    public func get() throws(BufferError) -> Element {
        // TODO: take the first entry under the lock, or throw `.empty`.
        throw .empty
    }

    public var count: Int {
        // TODO: the number of entries, read under the lock.
        return 0
    }
}
