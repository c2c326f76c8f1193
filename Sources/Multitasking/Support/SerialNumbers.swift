import Synchronization

/// Hands out process-wide serial numbers: thread idents and the ids of locks. Unlike object
/// addresses they are never reused, so the diagnostics cannot confuse a freed lock with a new one.
enum SerialNumbers {
    private static let counters = Protected<[String: UInt64]>([:])

    /// The next number of the sequence `kind` ("Thread", "Lock", ...), starting at 1.
    static func next(_ kind: String) -> UInt64 {
        counters.withLock { counters in
            let value = counters[kind, default: 0] + 1
            counters[kind] = value
            return value
        }
    }
}
