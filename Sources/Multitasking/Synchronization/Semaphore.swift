/// A counting semaphore, the lesson's `threading.Semaphore`: at most `value` threads get past
/// `acquire()` until others `release()`. Use it to limit how many threads use a resource.
///
/// ```swift
/// let downloads = Semaphore(3, name: "downloads")
/// downloads.withLock { fetch(url) }   // at most three fetches at a time
/// ```
public final class Semaphore: Lockable, @unchecked Sendable {
    let counter: PermitCounter

    public var name: String { counter.name }

    /// A semaphore with `value` permits. `value` must not be negative.
    public init(_ value: Int = 1, name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        counter = PermitCounter(value: value, limit: nil, kind: "Semaphore", name: name, fileID: fileID, line: line)
    }

    /// Takes a permit, waiting while there is none.
    public func acquire() { _ = counter.acquire(until: nil) }
    /// Takes a permit, waiting at most `timeout`; returns whether it got one.
    @discardableResult
    public func acquire(timeout: Duration) -> Bool { counter.acquire(until: Deadline(after: timeout)) }
    public func tryAcquire() -> Bool { counter.acquire(until: Deadline(after: .zero)) }
    /// Gives back `count` permits and wakes as many waiters.
    public func release(_ count: Int = 1) { _ = counter.release(count) }
    public func release() { release(1) }
    /// The permits available right now (a snapshot).
    public var value: Int { counter.value }
}

/// A semaphore that refuses to be released more often than it was acquired (the lesson's
/// `threading.BoundedSemaphore`): an extra release is a bug, and it is reported as one.
public final class BoundedSemaphore: Lockable, @unchecked Sendable {
    let counter: PermitCounter

    public var name: String { counter.name }

    public init(_ value: Int = 1, name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        counter = PermitCounter(value: value, limit: value, kind: "BoundedSemaphore", name: name, fileID: fileID, line: line)
    }

    public func acquire() { _ = counter.acquire(until: nil) }
    @discardableResult
    public func acquire(timeout: Duration) -> Bool { counter.acquire(until: Deadline(after: timeout)) }
    public func tryAcquire() -> Bool { counter.acquire(until: Deadline(after: .zero)) }
    /// Gives back `count` permits.
    /// - Throws: `SynchronizationError.overReleased` if that would exceed the initial value;
    ///   then nothing is released.
    public func release(_ count: Int = 1) throws(SynchronizationError) {
        guard counter.release(count) else {
            throw .overReleased(semaphore: counter.name, limit: counter.limit ?? 0)
        }
    }
    public func release() throws(SynchronizationError) { try release(1) }
    public var value: Int { counter.value }
}

/// The shared core of both semaphores: a count guarded by a condition.
final class PermitCounter: @unchecked Sendable {
    let name: String
    let limit: Int?
    /// The permits it started with, and its number for the lock-order check's gates.
    private let capacity: Int
    private let gateID = SerialNumbers.next("PermitCounter")
    private let condition: Condition
    private var permits: Int

    init(value: Int, limit: Int?, kind: String, name: String?, fileID: StaticString, line: UInt) {
        precondition(value >= 0, "\(kind) value must be 0 or more, not \(value)")
        let name = name ?? "\(kind)#\(SerialNumbers.next(kind)) (\(fileID):\(line))"
        self.name = name
        self.limit = limit
        permits = value
        capacity = value
        condition = Condition(lock: Lock(name: name), name: name, waitPhrase: "a permit of \(kind) '\(name)'")
    }

    var value: Int { condition.withLock { permits } }

    func acquire(until deadline: Deadline?) -> Bool {
        condition.withLock {
            while permits == 0 {
                if let deadline, deadline.hasPassed { return false }
                _ = condition.waitHoldingLock(until: deadline)
            }
            permits -= 1
            Diagnostics.permitTaken(gate: gateID, capacity: capacity)
            return true
        }
    }

    /// Returns false, changing nothing, if the release would pass the limit.
    func release(_ count: Int) -> Bool {
        precondition(count >= 1, "release count must be 1 or more, not \(count)")
        return condition.withLock {
            if let limit, permits + count > limit { return false }
            permits += count
            Diagnostics.permitsReturned(gate: gateID, count: count, capacity: capacity)
            condition.notifyHoldingLock(count)
            return true
        }
    }
}
