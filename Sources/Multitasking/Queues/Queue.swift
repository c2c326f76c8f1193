import DequeModule

/// A first-in, first-out queue for passing items between threads, the lesson's `queue.Queue`.
///
/// ```swift
/// let queue = Queue<String>(name: "mail")
/// queue.put("a")
/// queue.put("b")
/// queue.get()   // "a"
/// queue.get()   // "b"
/// ```
///
/// See `BlockingQueue` for blocking, timeouts, `maxsize`, `taskDone()` and `join()`.
public final class Queue<Element: Sendable>: BlockingQueue<Element>, @unchecked Sendable {
    /// Guarded by the core's lock.
    @usableFromInline var items = Deque<Element>()

    /// An empty queue holding at most `maxsize` items (0 or nil: unbounded).
    public init(maxsize: Int? = nil, name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        super.init(kind: "Queue", maxsize: maxsize, name: name, fileID: fileID, line: line)
    }

    @inlinable override func bufferAppend(_ item: Element) { items.append(item) }
    @inlinable override func bufferRemoveNext() -> Element { items.removeFirst() }
}
