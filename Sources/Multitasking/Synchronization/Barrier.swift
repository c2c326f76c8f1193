/// A meeting point for a fixed number of threads, the lesson's `threading.Barrier`: each
/// thread that calls `wait()` blocks until `parties` threads have called it; then all go on
/// together, and the barrier can be used again for the next round.
///
/// If a waiting thread times out, or someone calls `abort()` or `reset()` while threads wait,
/// the barrier *breaks*: every waiter, and every later `wait()` until `reset()`, throws
/// `SynchronizationError.brokenBarrier`, so no thread waits forever for a partner that is gone.
public final class Barrier: @unchecked Sendable {
    private enum Phase { case filling, draining, resetting, broken }

    public let name: String
    /// How many threads each round needs.
    public let parties: Int
    private let action: (@Sendable () -> Void)?
    private let defaultTimeout: Duration?
    private let condition: Condition
    // Guarded by `condition`.
    private var phase = Phase.filling
    private var count = 0

    /// - Parameters:
    ///   - parties: the number of threads per round (at least 1).
    ///   - timeout: the default for `wait()`.
    ///   - action: run by one thread when a round is complete, before the others are released.
    public init(
        parties: Int, timeout: Duration? = nil, name: String? = nil,
        fileID: StaticString = #fileID, line: UInt = #line,
        action: (@Sendable () -> Void)? = nil
    ) {
        precondition(parties >= 1, "a Barrier needs at least 1 party, not \(parties)")
        let name = name ?? "Barrier#\(SerialNumbers.next("Barrier")) (\(fileID):\(line))"
        self.name = name
        self.parties = parties
        self.action = action
        defaultTimeout = timeout
        condition = Condition(
            lock: Lock(name: name), name: name, waitPhrase: "the other parties of barrier '\(name)' (\(parties) needed)")
    }

    /// Waits for the round to complete. Returns this thread's arrival index in the round
    /// (0 for the first, `parties - 1` for the last), to pick one thread for a follow-up job.
    @discardableResult
    public func wait(timeout: Duration? = nil) throws(SynchronizationError) -> Int {
        let deadline = (timeout ?? defaultTimeout).map(Deadline.init(after:))
        return try condition.withLock { () throws(SynchronizationError) -> Int in
            try waitForDrainToFinish()
            let index = count
            count += 1
            defer {
                count -= 1
                leave()
            }
            if index + 1 == parties {
                action?()
                phase = .draining
                condition.notifyHoldingLock(Int.max)
            } else {
                try waitForRound(until: deadline)
            }
            return index
        }
    }

    /// Breaks the barrier: current and later waiters throw until `reset()`.
    public func abort() {
        condition.withLock { breakBarrier() }
    }

    /// Returns the barrier to its empty state. Threads waiting at it now throw.
    public func reset() {
        condition.withLock {
            if count > 0 {
                phase = .resetting
            } else {
                phase = .filling
            }
            condition.notifyHoldingLock(Int.max)
        }
    }

    /// How many threads are waiting at the barrier now.
    public var waitingCount: Int {
        condition.withLock { phase == .filling ? count : 0 }
    }

    /// Whether the barrier is broken.
    public var isBroken: Bool {
        condition.withLock { phase == .broken }
    }

    // MARK: Internals (the condition's lock is held)

    private func waitForDrainToFinish() throws(SynchronizationError) {
        while phase == .draining || phase == .resetting {
            _ = condition.waitHoldingLock(until: nil)
        }
        if phase == .broken { throw .brokenBarrier(barrier: name) }
    }

    private func waitForRound(until deadline: Deadline?) throws(SynchronizationError) {
        while phase == .filling {
            if let deadline, deadline.hasPassed {
                breakBarrier()
                throw .brokenBarrier(barrier: name)
            }
            _ = condition.waitHoldingLock(until: deadline)
        }
        if phase == .broken || phase == .resetting { throw .brokenBarrier(barrier: name) }
    }

    /// The last thread out of a drained or reset round opens the barrier for the next one.
    private func leave() {
        if count == 0 && (phase == .draining || phase == .resetting) {
            phase = .filling
            condition.notifyHoldingLock(Int.max)
        }
    }

    private func breakBarrier() {
        phase = .broken
        condition.notifyHoldingLock(Int.max)
    }
}
