import Multitasking

/// A bank account shared by several threads. Every read or change of the balance happens while
/// the calling thread holds the account's lock.
public final class BankAccount: @unchecked Sendable {
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
    /// The check and the change happen under one hold of the lock.
    public func withdraw(_ amount: Int) -> Bool {
        lock.withLock {
            guard balance >= amount else { return false }
            storedBalance -= amount
            return true
        }
    }

    /// Deposits every amount as one step: the lock is held for the whole batch (each amount
    /// goes through `deposit`), so no other thread sees a balance with only part of the batch.
    public func depositBatch(_ amounts: [Int]) {
        lock.withLock {
            for amount in amounts { deposit(amount) }
        }
    }
}
