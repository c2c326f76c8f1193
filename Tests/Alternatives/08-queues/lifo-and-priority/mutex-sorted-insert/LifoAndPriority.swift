import Multitasking
import Synchronization

public enum BufferError: Error, Equatable, Sendable {
    case empty
}

public final class LifoBuffer<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    public init() {}

    public func put(_ item: Element) {
        items.withLock { $0.append(item) }
    }

    public func get() throws(BufferError) -> Element {
        try items.withLock { (items: inout [Element]) throws(BufferError) -> Element in
            guard let item = items.popLast() else { throw .empty }
            return item
        }
    }

    public var count: Int { items.withLock { $0.count } }
}

public final class PriorityBuffer<Element: Sendable>: Sendable {
    private struct Entry: Sendable {
        var priority: Int
        var item: Element
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    public func put(_ item: Element, priority: Int) {
        entries.withLock { entries in
            let place = entries.firstIndex { $0.priority > priority } ?? entries.count
            entries.insert(Entry(priority: priority, item: item), at: place)
        }
    }

    public func get() throws(BufferError) -> Element {
        try entries.withLock { (entries: inout [Entry]) throws(BufferError) -> Element in
            guard !entries.isEmpty else { throw .empty }
            return entries.removeFirst().item
        }
    }

    public var count: Int { entries.withLock { $0.count } }
}
