import CMultitasking
import DequeModule

/// A condition variable, the lesson's `threading.Condition`: threads wait inside a critical
/// section until another thread changes the shared state and notifies them.
///
/// ```swift
/// let ready = Condition()
/// // consumer                               // producer
/// try ready.withLock {                       ready.withLock {
///     try ready.wait(for: { !items.isEmpty })     items.append(item)
///     take(items.removeFirst())                   try? ready.notify()
/// }                                          }
/// ```
///
/// `wait` releases the lock while it sleeps and holds it again when it returns. Always wait
/// for a *predicate* in a loop (or with `wait(for:)`): a notification says "something changed",
/// not "your condition holds". Waiters are woken in the order they started waiting.
public final class Condition: Lockable, @unchecked Sendable {
    private enum UnderlyingLock {
        case plain(Lock)
        case reentrant(RLock)
    }

    /// One sleeping thread: a futex word that starts locked and is unlocked to wake it.
    private final class Waiter: @unchecked Sendable {
        let word: UnsafeMutablePointer<UInt32>
        init() {
            word = .allocate(capacity: 1)
            word.initialize(to: 1)
        }
        deinit { word.deallocate() }
    }

    public let name: String
    /// What a waiter waits for, in deadlock reports ("a permit of semaphore 's'").
    let waitPhrase: String
    private let lock: UnderlyingLock
    /// Guarded by `lock`.
    private var waiters = Deque<Waiter>()

    /// A condition with its own reentrant lock (Python's default).
    public init(name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        let name = name ?? "Condition#\(SerialNumbers.next("Condition")) (\(fileID):\(line))"
        self.name = name
        waitPhrase = "a notification on condition '\(name)'"
        lock = .reentrant(RLock(name: name))
    }

    /// A condition over an existing lock, shared with other code or other conditions.
    public init(lock: Lock, name: String? = nil) {
        let name = name ?? lock.name
        self.name = name
        waitPhrase = "a notification on condition '\(name)'"
        self.lock = .plain(lock)
    }

    /// A condition of a primitive built on one: its waiters wait for `waitPhrase`.
    init(lock: Lock, name: String, waitPhrase: String) {
        self.name = name
        self.waitPhrase = waitPhrase
        self.lock = .plain(lock)
    }

    /// A condition over an existing reentrant lock.
    public init(lock: RLock, name: String? = nil) {
        let name = name ?? lock.name
        self.name = name
        waitPhrase = "a notification on condition '\(name)'"
        self.lock = .reentrant(lock)
    }

    // MARK: The lock

    public func acquire() { base.acquire() }
    public func acquire(timeout: Duration) -> Bool { base.acquire(timeout: timeout) }
    public func tryAcquire() -> Bool { base.tryAcquire() }
    public func release() throws(SynchronizationError) { try base.release() }

    // MARK: Waiting and notifying

    /// Releases the lock, sleeps until notified (or until `timeout` passes), and takes the lock
    /// again. Returns false if it timed out.
    /// - Throws: `SynchronizationError.conditionLockNotHeld` if the caller does not hold the lock.
    @discardableResult
    public func wait(timeout: Duration? = nil) throws(SynchronizationError) -> Bool {
        try requireHeld("wait")
        return waitHoldingLock(until: timeout.map(Deadline.init(after:)))
    }

    /// Waits until `predicate` is true (checked with the lock held, before the first sleep and
    /// after every wake-up), or until `timeout` passes. Returns the predicate's last value.
    @discardableResult
    public func wait(
        for predicate: () throws -> Bool, timeout: Duration? = nil
    ) throws -> Bool {
        try requireHeld("wait")
        let deadline = timeout.map(Deadline.init(after:))
        while true {
            if try predicate() { return true }
            if let deadline, deadline.hasPassed { return false }
            _ = waitHoldingLock(until: deadline)
        }
    }

    /// Wakes up to `count` waiting threads (the longest-waiting first).
    public func notify(_ count: Int = 1) throws(SynchronizationError) {
        try requireHeld("notify")
        notifyHoldingLock(count)
    }

    /// Wakes every waiting thread.
    public func notifyAll() throws(SynchronizationError) {
        try requireHeld("notifyAll")
        notifyHoldingLock(Int.max)
    }

    // MARK: Internals, for primitives built on a condition (they always hold the lock)

    func waitHoldingLock(until deadline: Deadline?) -> Bool {
        let waiter = Waiter()
        waiters.append(waiter)
        Diagnostics.perturbOutsideExploration()
        let saved = releaseForWait()
        let woken = BlockingWait.wait(for: WaitSubject(word: .lock(waiter.word), phrase: waitPhrase), until: deadline) {
            deadline in Deadline.with(deadline) { mt_futex_lock_wait(waiter.word, $0) }
        }
        reacquireAfterWait(saved)
        if woken { return true }
        // Timed out: leave the queue. If a notifier took us off it meanwhile, that notification
        // was ours, so report it instead of losing it.
        if let index = waiters.firstIndex(where: { $0 === waiter }) {
            waiters.remove(at: index)
            return false
        }
        return true
    }

    func notifyHoldingLock(_ count: Int) {
        if mt_diagnostic_flags() & DiagnosticFlag.explore != 0 {
            Explorer.note(waiters.isEmpty ? "notifies '\(name)' (nobody waits)" : "notifies '\(name)'")
        }
        var remaining = count
        while remaining > 0, let waiter = waiters.popFirst() {
            _ = mt_futex_lock_release(waiter.word)
            remaining -= 1
        }
        Diagnostics.perturbOutsideExploration()
    }

    private var base: any Lockable {
        switch lock {
        case .plain(let lock): lock
        case .reentrant(let lock): lock
        }
    }

    private func requireHeld(_ operation: String) throws(SynchronizationError) {
        let held = switch lock {
        case .plain(let lock): lock.isHeldByCurrentThread
        case .reentrant(let lock): lock.isHeldByCurrentThread
        }
        guard held else { throw .conditionLockNotHeld(condition: name, operation: operation) }
    }

    private func releaseForWait() -> Int {
        switch lock {
        case .plain(let lock):
            try? lock.release()
            return 1
        case .reentrant(let lock):
            return lock.releaseAllLevels()
        }
    }

    private func reacquireAfterWait(_ saved: Int) {
        switch lock {
        case .plain(let lock): lock.acquire()
        case .reentrant(let lock): lock.reacquire(depth: saved)
        }
    }
}
