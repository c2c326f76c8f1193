import Synchronization

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
    // Two unstructured tasks race to resume one continuation. The first wins, but nobody
    // cancels the other: after a timeout the operation runs on, unwatched.
    let decided = Atomic<Bool>(false)
    let claim: @Sendable () -> Bool = {
        decided.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
    return try await withCheckedThrowingContinuation { (result: CheckedContinuation<Value, Error>) in
        Task {
            do {
                let value = try await operation()
                if claim() { result.resume(returning: value) }
            } catch {
                if claim() { result.resume(throwing: error) }
            }
        }
        Task {
            try? await Task.sleep(for: limit)
            if claim() { result.resume(throwing: TimeoutError(limit: limit)) }
        }
    }
}
