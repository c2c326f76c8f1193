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
        // Returns the winner without cancelling the loser: the group waits for it at the end of
        // its scope, so a quick operation still takes the whole limit.
        return try await group.next()!
    }
}
