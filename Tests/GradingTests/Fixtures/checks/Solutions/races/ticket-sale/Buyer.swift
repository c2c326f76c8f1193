import Multitasking

/// The ticket office the buyers share: one counter in shared memory, read and written slowly
/// (like a remote database), and the lock buyers should hold. Two unlocked buyers both get a
/// ticket when the second reads before the first has taken one: `take` is the slow part, so
/// buyers that start up to 100 ms apart (a busy machine starts processes slowly) still race.
public final class TicketOffice: Sendable {
    public let lock = ProcessLock(name: "ticket office")
    let remaining: SharedValue<Int>
    public init(tickets: Int) throws { remaining = try SharedValue(tickets, name: "tickets") }
    public func query() -> Int {
        Thread.sleep(for: .milliseconds(10))
        return remaining.value
    }
    public func take() {
        Thread.sleep(for: .milliseconds(100))
        remaining.withLock { $0 -= 1 }
    }
}

/// Query and take under the office's lock.
public func buy(from office: TicketOffice) -> Bool {
    office.lock.withLock {
        guard office.query() > 0 else { return false }
        office.take()
        return true
    }
}
