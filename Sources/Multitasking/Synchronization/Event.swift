/// A flag that threads can wait for, the lesson's `threading.Event`: one thread `set()`s it,
/// every thread waiting in `wait()` wakes, and later waits return at once until `clear()`.
public final class Event: @unchecked Sendable {
    public let name: String
    private let condition: Condition
    private var flag = false

    public init(name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) {
        let name = name ?? "Event#\(SerialNumbers.next("Event")) (\(fileID):\(line))"
        self.name = name
        condition = Condition(lock: Lock(name: name), name: name, waitPhrase: "event '\(name)' to be set")
    }

    /// Whether the flag is set.
    public var isSet: Bool { condition.withLock { flag } }

    /// Sets the flag and wakes every waiter.
    public func set() {
        condition.withLock {
            flag = true
            condition.notifyHoldingLock(Int.max)
        }
    }

    /// Clears the flag: later waits block until the next `set()`.
    public func clear() {
        condition.withLock { flag = false }
    }

    /// Waits until the flag is set, or at most `timeout`; returns whether it is set.
    @discardableResult
    public func wait(timeout: Duration? = nil) -> Bool {
        let deadline = timeout.map(Deadline.init(after:))
        return condition.withLock {
            while !flag {
                if let deadline, deadline.hasPassed { return false }
                _ = condition.waitHoldingLock(until: deadline)
            }
            return true
        }
    }
}
