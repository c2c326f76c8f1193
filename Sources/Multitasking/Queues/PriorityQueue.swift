import HeapModule

/// A queue that hands out the smallest item first, the lesson's `queue.PriorityQueue`.
///
/// Items with equal priority come out in the order they were put (Python's `PriorityQueue`
/// only promises that when the items themselves differ; here it always holds). Use
/// `Prioritized` to attach a priority to a value that is not comparable itself:
///
/// ```swift
/// let tasks = PriorityQueue<Prioritized<String>>(name: "tasks")
/// tasks.put(Prioritized(2, "b"))
/// tasks.put(Prioritized(1, "d"))
/// tasks.put(Prioritized(1, "a"))
/// tasks.get().value   // "d": priority 1, put first
/// tasks.get().value   // "a"
/// tasks.get().value   // "b"
/// ```
///
/// See `BlockingQueue` for blocking, timeouts, `maxsize`, `taskDone()` and `join()`.
public final class PriorityQueue<Element: Comparable & Sendable>: BlockingQueue<Element>, @unchecked Sendable {
    /// An item with the number of its `put`, which breaks ties in put order.
    @usableFromInline
    struct Entry: Comparable {
        @usableFromInline let item: Element
        @usableFromInline let sequence: UInt64

        @inlinable
        init(item: Element, sequence: UInt64) {
            self.item = item
            self.sequence = sequence
        }

        @inlinable
        static func < (left: Entry, right: Entry) -> Bool {
            if left.item < right.item { return true }
            if right.item < left.item { return false }
            return left.sequence < right.sequence
        }

        @inlinable
        static func == (left: Entry, right: Entry) -> Bool { left.sequence == right.sequence }
    }

    /// Guarded by the core's lock.
    @usableFromInline var entries = Heap<Entry>()
    @usableFromInline var nextSequence: UInt64 = 0

    /// An empty priority queue holding at most `maxsize` items (0 or nil: unbounded).
    public init(maxsize: Int? = nil, name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        super.init(kind: "PriorityQueue", maxsize: maxsize, name: name, fileID: fileID, line: line)
    }

    @inlinable
    override func bufferAppend(_ item: Element) {
        entries.insert(Entry(item: item, sequence: nextSequence))
        nextSequence += 1
    }

    @inlinable
    override func bufferRemoveNext() -> Element { entries.removeMin().item }
}

/// A value with a priority, for a `PriorityQueue`: the lesson's `(priority, value)` pair.
///
/// Ordered by `priority` alone (smaller first), so the value needs no order of its own and
/// equal priorities leave the queue in the order they were put.
///
/// ```swift
/// queue.put(Prioritized(1, "urgent"))
/// queue.put(Prioritized(5, "whenever"))
/// ```
public struct Prioritized<Value>: Comparable, CustomStringConvertible {
    /// Smaller numbers come out first.
    public var priority: Int
    public var value: Value

    @inlinable
    public init(_ priority: Int, _ value: Value) {
        self.priority = priority
        self.value = value
    }

    @inlinable
    public static func < (left: Self, right: Self) -> Bool { left.priority < right.priority }

    /// Equal priorities compare equal, whatever the values: they are equally urgent.
    @inlinable
    public static func == (left: Self, right: Self) -> Bool { left.priority == right.priority }

    public var description: String { "(\(priority), \(value))" }
}

extension Prioritized: Sendable where Value: Sendable {}
