import Multitasking

public final class MyRLock: Lockable, @unchecked Sendable {
    public let name: String
    private let state: Condition
    private var owner: Thread?
    private var count = 0

    public init(name: String) {
        self.name = name
        state = Condition(lock: Lock(name: "\(name).state"), name: "\(name).free")
    }

    public func acquire() {
        let me = Thread.current
        state.withLock {
            _ = try? state.wait(for: { owner == nil || owner === me })
            take(me)
        }
    }

    public func acquire(timeout: Duration) -> Bool {
        let me = Thread.current
        return state.withLock {
            guard (try? state.wait(for: { owner == nil || owner === me }, timeout: timeout)) == true else { return false }
            take(me)
            return true
        }
    }

    public func tryAcquire() -> Bool {
        let me = Thread.current
        return state.withLock {
            guard owner == nil || owner === me else { return false }
            take(me)
            return true
        }
    }

    public func release() throws(SynchronizationError) {
        let me = Thread.current
        try state.withLock { () throws(SynchronizationError) in
            guard let holder = owner else { throw .releasedUnlocked(lock: name) }
            guard holder === me else {
                throw .releasedByNonOwner(lock: name, owner: holder.name, caller: me.name)
            }
            count -= 1
            if count == 0 {
                owner = nil
                try? state.notify()
            }
        }
    }

    public var recursionCount: Int {
        let me = Thread.current
        return state.withLock { owner === me ? count : 0 }
    }

    /// Call with the condition's lock held.
    private func take(_ me: Thread) {
        owner = me
        count += 1
    }
}
