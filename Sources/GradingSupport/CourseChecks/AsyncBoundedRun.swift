import Synchronization

/// `runBounded` for async code: runs `body` in a task of its own and waits at most `limit` for
/// it, so that work that never ends (a loop that never checks for cancellation, a timeout whose
/// loser keeps the group waiting) fails its test instead of hanging the test process.
///
/// A task cannot be killed: at the limit it is cancelled and left behind, and the outcome is
/// `.hung`. The waiting is not structured (a task group would wait for the stuck child at the
/// end of its scope, which is exactly what must not happen here): the first of the work and the
/// deadline resumes one continuation, the other finds the gate taken.
public func runBounded<Value: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Value
) async -> BoundedOutcome<Value> {
    let gate = FirstComer()
    return await withCheckedContinuation { (continuation: CheckedContinuation<BoundedOutcome<Value>, Never>) in
        let work = Task {
            let outcome: BoundedOutcome<Value>
            do { outcome = .returned(try await body()) } catch { outcome = .threw("\(error)") }
            if gate.arrive() { continuation.resume(returning: outcome) }
        }
        Task {
            try? await Task.sleep(for: limit)
            if gate.arrive() {
                work.cancel()
                continuation.resume(returning: .hung)
            }
        }
    }
}

/// Lets exactly one of several callers through: the one whose `arrive()` returns true.
private final class FirstComer: Sendable {
    private let taken = Atomic<Bool>(false)

    func arrive() -> Bool {
        taken.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
