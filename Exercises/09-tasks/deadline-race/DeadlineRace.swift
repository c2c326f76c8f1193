// Exercise deadline-race: a timeout is a race, and the loser is cancelled.
// Lesson: Exercises/09-tasks/lesson.md, section "deadline-race".
// Stuck? `swift run grade hint deadline-race` gives one more hint each time you ask.

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
    // TODO: race two child tasks in a group: the operation, and a sleep of `limit` that throws
    // TimeoutError. Take the first result, cancel the other child.
    try await operation()
}
