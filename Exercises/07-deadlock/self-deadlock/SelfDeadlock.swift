// Exercise self-deadlock: A lock taken twice (chapter Deadlock).
// Read first: Exercises/07-deadlock/lesson.md, the section on self-deadlock.
// Check it: swift run grade self-deadlock    Stuck? swift run grade hint self-deadlock

import Multitasking

/// A bank account shared by several threads. Every read or change of the balance happens while
/// the calling thread holds the account's lock.
public final class BankAccount: @unchecked Sendable {
    // TODO: `withdraw` and `depositBatch` will call `balance` and `deposit` while they already
    // hold this lock. Is a `Lock` the right kind of lock for that?
    private let lock = Lock(name: "account")
    private var storedBalance: Int

    public init(balance: Int = 0) {
        storedBalance = balance
    }

    /// The balance right now.
    public var balance: Int {
        lock.withLock { storedBalance }
    }

    /// Adds `amount` to the balance.
    public func deposit(_ amount: Int) {
        lock.withLock { storedBalance += amount }
    }

    /// Takes `amount` out if the balance covers it; returns whether it did.
    /// Check and change under ONE hold of the lock (use `balance` for the check).
    public func withdraw(_ amount: Int) -> Bool {
        // TODO: hold the lock, check `balance >= amount`, and take the money out.
        return false
    }

    /// Deposits every amount as one step: hold the lock for the whole batch and call `deposit`
    /// for each amount, so no other thread sees a balance with only part of the batch.
    public func depositBatch(_ amounts: [Int]) {
        // TODO: hold the lock and call `deposit` for each amount.
    }
}
