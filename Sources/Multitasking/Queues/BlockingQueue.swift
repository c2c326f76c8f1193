/// What `Queue`, `LifoQueue` and `PriorityQueue` share: a thread-safe buffer with the semantics
/// of Python's `queue` module. The three differ only in which item `get()` takes next.
///
/// ```swift
/// let jobs = Queue<Int>(maxsize: 10, name: "jobs")
/// let worker = Thread(name: "worker") {
///     while true {
///         let job = jobs.get()          // waits for an item
///         if job < 0 { break }
///         process(job)
///         try jobs.taskDone()
///     }
/// }
/// try worker.start()
/// for job in 0..<100 { jobs.put(job) }  // waits while 10 items are queued
/// jobs.join()                           // until every job was marked done
/// jobs.put(-1)
/// ```
///
/// - `put` and `get` wait as long as needed; `put(_:timeout:)` and `get(timeout:)` wait at most
///   the timeout and then throw `QueueError.full` / `QueueError.empty`; `putNowait` and
///   `getNowait` never wait. A negative timeout counts as zero.
/// - With a `maxsize` of 0 (or nil, or negative), the queue is unbounded and `put` never waits.
/// - Every `put` adds one *unfinished task*; `taskDone()` finishes one; `join()` waits until
///   none is left. That lets a producer wait until consumers have *processed* everything, not
///   only taken it.
///
/// Like Python's, the queue is one lock with three conditions over it (`notEmpty`, `notFull`,
/// `allTasksDone`; see `QueueCore`). The lock carries the queue's name, so a deadlock report
/// that involves a queue names it. The class cannot be created directly: create one of the
/// three queues.
public class BlockingQueue<Element: Sendable>: CustomStringConvertible, @unchecked Sendable {
    @usableFromInline let core: QueueCore

    /// The name used in errors and in deadlock and lock-order reports.
    public var name: String { core.name }
    /// The most items the queue holds; 0 means unbounded.
    public var maxsize: Int { core.maxsize }
    var lock: Lock { core.lock }

    init(kind: String, maxsize: Int?, name: String?, fileID: StaticString, line: UInt) {
        core = QueueCore(kind: kind, maxsize: maxsize, name: name, fileID: fileID, line: line)
    }

    // MARK: The buffer, which each queue overrides (called only between `core.lockFor...` and
    // `core.unlockAfter...`, with the lock held)

    @usableFromInline func bufferAppend(_ item: Element) { preconditionFailure("\(core.kind) must override bufferAppend") }
    @usableFromInline func bufferRemoveNext() -> Element { preconditionFailure("\(core.kind) must override bufferRemoveNext") }

    // MARK: Putting

    /// Adds `item`, waiting while the queue is full.
    @inlinable
    public final func put(_ item: Element) {
        _ = core.lockForPut(.forever)
        bufferAppend(item)
        core.unlockAfterPut()
    }

    /// Adds `item`, waiting at most `timeout` while the queue is full.
    /// - Throws: `QueueError.full` if there was no room before the timeout.
    @inlinable
    public final func put(_ item: Element, timeout: Duration) throws(QueueError) {
        guard core.lockForPut(.timeout(timeout)) else { throw core.fullError }
        bufferAppend(item)
        core.unlockAfterPut()
    }

    /// Adds `item` only if there is room right now (Python's `put_nowait`).
    /// - Throws: `QueueError.full` if the queue is full.
    @inlinable
    public final func putNowait(_ item: Element) throws(QueueError) {
        guard core.lockForPut(.never) else { throw core.fullError }
        bufferAppend(item)
        core.unlockAfterPut()
    }

    // MARK: Getting

    /// Removes and returns the next item, waiting while the queue is empty.
    @inlinable
    public final func get() -> Element {
        _ = core.lockForGet(.forever)
        let item = bufferRemoveNext()
        core.unlockAfterGet()
        return item
    }

    /// Removes and returns the next item, waiting at most `timeout` while the queue is empty.
    /// - Throws: `QueueError.empty` if no item came before the timeout.
    @inlinable
    public final func get(timeout: Duration) throws(QueueError) -> Element {
        guard core.lockForGet(.timeout(timeout)) else { throw core.emptyError }
        let item = bufferRemoveNext()
        core.unlockAfterGet()
        return item
    }

    /// Removes and returns the next item only if there is one right now (Python's `get_nowait`).
    /// - Throws: `QueueError.empty` if the queue is empty.
    @inlinable
    public final func getNowait() throws(QueueError) -> Element {
        guard core.lockForGet(.never) else { throw core.emptyError }
        let item = bufferRemoveNext()
        core.unlockAfterGet()
        return item
    }

    // MARK: Tasks

    /// Marks one item taken with `get` as processed. When every item put so far is marked,
    /// `join()` returns.
    /// - Throws: `QueueError.taskDoneTooManyTimes` if there is no unfinished item to mark.
    public final func taskDone() throws(QueueError) {
        try core.taskDone()
    }

    /// Waits until every item put so far has been marked with `taskDone()`.
    public final func join() {
        _ = core.join(.forever)
    }

    /// Waits at most `timeout` until every item put so far has been marked with `taskDone()`;
    /// returns whether they all were.
    @discardableResult
    public final func join(timeout: Duration) -> Bool {
        core.join(.timeout(timeout))
    }

    /// Items put and not yet marked with `taskDone()` (a snapshot).
    public final var unfinishedTasks: Int { core.unfinishedTasks }

    // MARK: Size

    /// The number of items in the queue right now. Another thread may change it at once, so a
    /// later `get` can still wait (or a `put` find the queue full): use it for reports, not to
    /// decide whether to call them.
    public final var count: Int { core.itemCount }

    /// Python's name for `count`.
    public final func qsize() -> Int { count }

    /// Whether the queue is empty right now (a snapshot, like `count`).
    public final var isEmpty: Bool { count == 0 }

    /// Whether the queue is bounded and full right now (a snapshot, like `count`).
    public final var isFull: Bool { maxsize > 0 && count >= maxsize }

    public var description: String {
        let items = count
        let bound = maxsize > 0 ? ", maxsize \(maxsize)" : ""
        return "<\(core.kind) '\(name)' \(items) item\(items == 1 ? "" : "s")\(bound)>"
    }
}
