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
/// `allTasksDone`). The lock carries the queue's name, so a deadlock report that involves a
/// queue names it. The class cannot be created directly: create one of the three queues.
public class BlockingQueue<Element: Sendable>: CustomStringConvertible, @unchecked Sendable {
    /// The name used in errors and in deadlock and lock-order reports.
    public let name: String
    /// The most items the queue holds; 0 means unbounded.
    public let maxsize: Int

    private let kind: String
    let lock: Lock
    private let notEmpty: Condition
    private let notFull: Condition
    private let allTasksDone: Condition
    /// Guarded by `lock`: items put and not yet marked done with `taskDone()`.
    private var unfinished = 0

    /// How a call waits for room or for an item.
    enum Waiting {
        case forever
        case until(Deadline)
        case never
    }

    init(kind: String, maxsize: Int?, name: String?, fileID: StaticString, line: UInt) {
        let name = name ?? "\(kind)#\(SerialNumbers.next(kind)) (\(fileID):\(line))"
        self.name = name
        self.kind = kind
        self.maxsize = max(0, maxsize ?? 0)
        lock = Lock(name: name)
        notEmpty = Condition(lock: lock, name: "\(name).notEmpty")
        notFull = Condition(lock: lock, name: "\(name).notFull")
        allTasksDone = Condition(lock: lock, name: "\(name).allTasksDone")
    }

    // MARK: The buffer, which each queue overrides (always called with `lock` held)

    var bufferCount: Int { preconditionFailure("\(kind) must override bufferCount") }
    func bufferAppend(_ item: Element) { preconditionFailure("\(kind) must override bufferAppend") }
    func bufferRemoveNext() -> Element { preconditionFailure("\(kind) must override bufferRemoveNext") }

    // MARK: Putting

    /// Adds `item`, waiting while the queue is full.
    public final func put(_ item: Element) {
        _ = insert(item, waiting: .forever)
    }

    /// Adds `item`, waiting at most `timeout` while the queue is full.
    /// - Throws: `QueueError.full` if there was no room before the timeout.
    public final func put(_ item: Element, timeout: Duration) throws(QueueError) {
        guard insert(item, waiting: .until(Deadline(after: timeout))) else { throw fullError }
    }

    /// Adds `item` only if there is room right now (Python's `put_nowait`).
    /// - Throws: `QueueError.full` if the queue is full.
    public final func putNowait(_ item: Element) throws(QueueError) {
        guard insert(item, waiting: .never) else { throw fullError }
    }

    // MARK: Getting

    /// Removes and returns the next item, waiting while the queue is empty.
    public final func get() -> Element {
        remove(waiting: .forever)!
    }

    /// Removes and returns the next item, waiting at most `timeout` while the queue is empty.
    /// - Throws: `QueueError.empty` if no item came before the timeout.
    public final func get(timeout: Duration) throws(QueueError) -> Element {
        guard let item = remove(waiting: .until(Deadline(after: timeout))) else { throw emptyError }
        return item
    }

    /// Removes and returns the next item only if there is one right now (Python's `get_nowait`).
    /// - Throws: `QueueError.empty` if the queue is empty.
    public final func getNowait() throws(QueueError) -> Element {
        guard let item = remove(waiting: .never) else { throw emptyError }
        return item
    }

    // MARK: Tasks

    /// Marks one item taken with `get` as processed. When every item put so far is marked,
    /// `join()` returns.
    /// - Throws: `QueueError.taskDoneTooManyTimes` if there is no unfinished item to mark.
    public final func taskDone() throws(QueueError) {
        try lock.withLock { () throws(QueueError) in
            guard unfinished > 0 else { throw .taskDoneTooManyTimes(queue: name) }
            unfinished -= 1
            if unfinished == 0 { allTasksDone.notifyHoldingLock(Int.max) }
        }
    }

    /// Waits until every item put so far has been marked with `taskDone()`.
    public final func join() {
        _ = join(until: nil)
    }

    /// Waits at most `timeout` until every item put so far has been marked with `taskDone()`;
    /// returns whether they all were.
    @discardableResult
    public final func join(timeout: Duration) -> Bool {
        join(until: Deadline(after: timeout))
    }

    /// Items put and not yet marked with `taskDone()` (a snapshot).
    public final var unfinishedTasks: Int { lock.withLock { unfinished } }

    // MARK: Size

    /// The number of items in the queue right now. Another thread may change it at once, so a
    /// later `get` can still wait (or a `put` find the queue full): use it for reports, not to
    /// decide whether to call them.
    public final var count: Int { lock.withLock { bufferCount } }

    /// Python's name for `count`.
    public final func qsize() -> Int { count }

    /// Whether the queue is empty right now (a snapshot, like `count`).
    public final var isEmpty: Bool { count == 0 }

    /// Whether the queue is bounded and full right now (a snapshot, like `count`).
    public final var isFull: Bool { maxsize > 0 && count >= maxsize }

    public var description: String {
        let items = count
        let bound = maxsize > 0 ? ", maxsize \(maxsize)" : ""
        return "<\(kind) '\(name)' \(items) item\(items == 1 ? "" : "s")\(bound)>"
    }

    // MARK: Internals

    private var fullError: QueueError { .full(queue: name, maxsize: maxsize) }
    private var emptyError: QueueError { .empty(queue: name) }

    /// Returns false, without adding the item, if the queue stayed full.
    final func insert(_ item: Element, waiting: Waiting) -> Bool {
        Diagnostics.perturb()
        return lock.withLock {
            if maxsize > 0 {
                while bufferCount >= maxsize {
                    guard wait(on: notFull, waiting) else { return false }
                }
            }
            bufferAppend(item)
            unfinished += 1
            notEmpty.notifyHoldingLock(1)
            return true
        }
    }

    /// Returns nil if the queue stayed empty.
    final func remove(waiting: Waiting) -> Element? {
        Diagnostics.perturb()
        return lock.withLock {
            while bufferCount == 0 {
                guard wait(on: notEmpty, waiting) else { return nil }
            }
            let item = bufferRemoveNext()
            if maxsize > 0 { notFull.notifyHoldingLock(1) }
            return item
        }
    }

    private func join(until deadline: Deadline?) -> Bool {
        lock.withLock {
            while unfinished > 0 {
                guard wait(on: allTasksDone, deadline.map(Waiting.until) ?? .forever) else { return false }
            }
            return true
        }
    }

    /// One wait on `condition` with the lock held; false when the caller must give up.
    private func wait(on condition: Condition, _ waiting: Waiting) -> Bool {
        switch waiting {
        case .never:
            return false
        case .forever:
            _ = condition.waitHoldingLock(until: nil)
            return true
        case .until(let deadline):
            if deadline.hasPassed { return false }
            _ = condition.waitHoldingLock(until: deadline)
            return true
        }
    }
}
