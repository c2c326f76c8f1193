import Multitasking
import Synchronization

public enum BufferError: Error, Equatable, Sendable {
    case full(capacity: Int)
    case empty
}

public final class BoundedBuffer<Element: Sendable>: Sendable {
    public let capacity: Int
    private let items = Mutex<[Element]>([])

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public func put(_ item: Element) throws(BufferError) {
        let capacity = capacity
        try items.withLock { (items: inout [Element]) throws(BufferError) in
            guard items.count < capacity else { throw .full(capacity: capacity) }
            items.append(item)
        }
    }

    public func get() throws(BufferError) -> Element {
        try items.withLock { (items: inout [Element]) throws(BufferError) -> Element in
            guard !items.isEmpty else { throw .empty }
            return items.removeFirst()
        }
    }

    public var count: Int { items.withLock { $0.count } }
    public var isEmpty: Bool { count == 0 }
    public var isFull: Bool { count >= capacity }
}
