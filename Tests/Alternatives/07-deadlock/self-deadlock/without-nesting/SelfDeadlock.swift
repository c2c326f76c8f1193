import Multitasking

public final class BankAccount: @unchecked Sendable {
    private let lock = Lock(name: "account")
    private var storedBalance: Int

    public init(balance: Int = 0) {
        storedBalance = balance
    }

    public var balance: Int {
        lock.withLock { storedBalance }
    }

    public func deposit(_ amount: Int) {
        lock.withLock { depositHoldingLock(amount) }
    }

    public func withdraw(_ amount: Int) -> Bool {
        lock.withLock {
            guard storedBalance >= amount else { return false }
            storedBalance -= amount
            return true
        }
    }

    public func depositBatch(_ amounts: [Int]) {
        lock.withLock {
            for amount in amounts { depositHoldingLock(amount) }
        }
    }

    /// Call with `lock` held.
    private func depositHoldingLock(_ amount: Int) {
        storedBalance += amount
    }
}
