/// A last-in, first-out queue (a stack) shared between threads, the lesson's `queue.LifoQueue`:
/// `get()` returns the item put most recently.
///
/// ```swift
/// let stack = LifoQueue<String>(name: "undo")
/// stack.put("a")
/// stack.put("b")
/// stack.get()   // "b"
/// stack.get()   // "a"
/// ```
///
/// See `BlockingQueue` for blocking, timeouts, `maxsize`, `taskDone()` and `join()`.
public final class LifoQueue<Element: Sendable>: BlockingQueue<Element>, @unchecked Sendable {
    /// Guarded by the core's lock.
    @usableFromInline var items: [Element] = []

    /// An empty stack holding at most `maxsize` items (0 or nil: unbounded).
    public init(maxsize: Int? = nil, name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        super.init(kind: "LifoQueue", maxsize: maxsize, name: name, fileID: fileID, line: line)
    }

    @inlinable override func bufferAppend(_ item: Element) { items.append(item) }
    @inlinable override func bufferRemoveNext() -> Element { items.removeLast() }
}
