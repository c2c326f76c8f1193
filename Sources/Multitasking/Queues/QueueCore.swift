/// The part of every queue that does not depend on the element type: the lock, the three
/// conditions over it (Python's `not_empty`, `not_full`, `all_tasks_done`), the item count and
/// the unfinished-task count. `BlockingQueue` brackets each buffer operation with it:
///
///     guard core.lockForPut(waiting) else { throw ... }   // lock held, room guaranteed
///     buffer.append(item)
///     core.unlockAfterPut()                                // count, task, notify, unlock
///
/// Why a separate, non-generic class: the waiting logic is compiled once here, and only the
/// tiny buffer operations are `@inlinable`, so a client's `Queue<Int>` gets them specialised
/// for `Int`. Unspecialised generic code looked up `Deque<Element>`'s metadata on every put
/// and get, which cost about half the queue's throughput in the benchmark.
@usableFromInline
final class QueueCore: @unchecked Sendable {
    /// How a call waits for room or for an item.
    @usableFromInline
    enum Waiting {
        case forever
        case timeout(Duration)
        case never
    }

    let name: String
    let kind: String
    let maxsize: Int
    let lock: Lock
    private let notEmpty: Condition
    private let notFull: Condition
    private let allTasksDone: Condition
    /// Guarded by `lock`: items in the buffer.
    private var count = 0
    /// Guarded by `lock`: items put and not yet marked done with `taskDone()`.
    private var unfinished = 0

    init(kind: String, maxsize: Int?, name: String?, fileID: StaticString, line: UInt) {
        let name = name ?? "\(kind)#\(SerialNumbers.next(kind)) (\(fileID):\(line))"
        self.name = name
        self.kind = kind
        self.maxsize = max(0, maxsize ?? 0)
        lock = Lock(name: name)
        notEmpty = Condition(lock: lock, name: "\(name).notEmpty", waitPhrase: "an item in \(kind) '\(name)'")
        notFull = Condition(lock: lock, name: "\(name).notFull", waitPhrase: "room in \(kind) '\(name)' (maxsize \(self.maxsize))")
        allTasksDone = Condition(
            lock: lock, name: "\(name).allTasksDone", waitPhrase: "every task of \(kind) '\(name)' to be done")
    }

    // MARK: Bracketing the buffer operations

    /// Takes the lock and waits for room. True: the lock is held and the caller must append one
    /// item, then call `unlockAfterPut()`. False: the queue stayed full and the lock is released.
    @usableFromInline
    func lockForPut(_ waiting: Waiting) -> Bool {
        let deadline = waiting.deadline
        Diagnostics.perturbOutsideExploration()
        lock.acquire()
        if maxsize > 0 {
            while count >= maxsize {
                guard wait(on: notFull, waiting, deadline) else {
                    releaseLock()
                    return false
                }
            }
        }
        return true
    }

    @usableFromInline
    func unlockAfterPut() {
        count += 1
        unfinished += 1
        notEmpty.notifyHoldingLock(1)
        releaseLock()
    }

    /// Takes the lock and waits for an item. True: the lock is held and the caller must remove
    /// one item, then call `unlockAfterGet()`. False: the queue stayed empty and the lock is released.
    @usableFromInline
    func lockForGet(_ waiting: Waiting) -> Bool {
        let deadline = waiting.deadline
        Diagnostics.perturbOutsideExploration()
        lock.acquire()
        while count == 0 {
            guard wait(on: notEmpty, waiting, deadline) else {
                releaseLock()
                return false
            }
        }
        return true
    }

    @usableFromInline
    func unlockAfterGet() {
        count -= 1
        if maxsize > 0 { notFull.notifyHoldingLock(1) }
        releaseLock()
    }

    // MARK: Tasks and size

    func taskDone() throws(QueueError) {
        try lock.withLock { () throws(QueueError) in
            guard unfinished > 0 else { throw .taskDoneTooManyTimes(queue: name) }
            unfinished -= 1
            if unfinished == 0 { allTasksDone.notifyHoldingLock(Int.max) }
        }
    }

    func join(_ waiting: Waiting) -> Bool {
        let deadline = waiting.deadline
        return lock.withLock {
            while unfinished > 0 {
                guard wait(on: allTasksDone, waiting, deadline) else { return false }
            }
            return true
        }
    }

    var unfinishedTasks: Int { lock.withLock { unfinished } }
    var itemCount: Int { lock.withLock { count } }

    @usableFromInline var fullError: QueueError { .full(queue: name, maxsize: maxsize) }
    @usableFromInline var emptyError: QueueError { .empty(queue: name) }

    // MARK: Internals

    /// One wait on `condition` with the lock held; false when the caller must give up.
    private func wait(on condition: Condition, _ waiting: Waiting, _ deadline: Deadline?) -> Bool {
        switch waiting {
        case .never:
            return false
        case .forever:
            _ = condition.waitHoldingLock(until: nil)
            return true
        case .timeout:
            guard let deadline, !deadline.hasPassed else { return false }
            _ = condition.waitHoldingLock(until: deadline)
            return true
        }
    }

    private func releaseLock() {
        do {
            try lock.release()
        } catch {
            fatalError("\(kind) '\(name)': its lock was released by someone else: \(error)")
        }
    }
}

extension QueueCore.Waiting {
    /// The absolute deadline of a timeout, taken once when the call starts, so that wake-ups
    /// that find nothing never extend the total wait.
    var deadline: Deadline? {
        if case .timeout(let timeout) = self { return Deadline(after: timeout) }
        return nil
    }
}
