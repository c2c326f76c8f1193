import Synchronization

/// Counts how many calls are in flight at once and remembers the most ever seen together: how
/// a suite tells concurrent calls (a task group, `async let`) from calls awaited one after the
/// other, and checks that a bounded group never runs more than its bound.
///
/// Wrap the test double's body in `measure { }`. Atomics rather than a lock: the calls run inside
/// tasks, which must not block a thread of the cooperative pool, and ThreadSanitizer sees
/// atomics (the standard library's `Mutex` is invisible to it).
public final class InFlightGauge: Sendable {
    private let inFlight = Atomic<Int>(0)
    private let peakSeen = Atomic<Int>(0)
    private let callsStarted = Atomic<Int>(0)

    public init() {}

    /// The most calls that were in flight at the same moment.
    public var peak: Int { peakSeen.load(ordering: .sequentiallyConsistent) }
    /// How many calls are in flight now.
    public var current: Int { inFlight.load(ordering: .sequentiallyConsistent) }
    /// How many calls began.
    public var started: Int { callsStarted.load(ordering: .sequentiallyConsistent) }

    /// Runs `body` counted as one call in flight.
    public func measure<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        enter()
        defer { leave() }
        return try await body()
    }

    /// Counts a call in flight until the matching `leave()`.
    public func enter() {
        callsStarted.wrappingAdd(1, ordering: .sequentiallyConsistent)
        let now = inFlight.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
        var peak = peakSeen.load(ordering: .sequentiallyConsistent)
        while now > peak {
            let (exchanged, seen) = peakSeen.compareExchange(expected: peak, desired: now, ordering: .sequentiallyConsistent)
            if exchanged { break }
            peak = seen
        }
    }

    public func leave() {
        inFlight.wrappingSubtract(1, ordering: .sequentiallyConsistent)
    }
}
