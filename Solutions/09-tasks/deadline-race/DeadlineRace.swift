/// What `withTimeout` throws when the operation did not finish in time.
public struct TimeoutError: Error, Equatable, Sendable {
    public var limit: Duration

    public init(limit: Duration) { self.limit = limit }
}

/// Runs `operation` and returns what it returns, unless `limit` passes first: then the
/// operation is cancelled and `withTimeout` throws `TimeoutError(limit:)`. Whichever of the two
/// finishes first wins and the other is cancelled, so `withTimeout` returns as soon as the
/// race is decided. An error the operation throws in time is thrown as it is.
public func withTimeout<Value: Sendable>(
    _ limit: Duration, operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TimeoutError(limit: limit)
        }
        // The first child to finish decides: a value, the operation's error, or the timeout.
        // Cancel the loser on every path: the group awaits it before the scope ends.
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
