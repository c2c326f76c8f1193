/// Asks `isReady()` now and then every `interval` until it answers true, and returns true
/// then; returns false once `limit` has passed without a true answer, and at once (false) when
/// the task is cancelled.
///
/// Between two questions the waiting task must *suspend* (`Task.sleep`), not *block* its thread:
/// a thread of the cooperative pool that sleeps is a thread no other task can use.
public func waitUntil(
    every interval: Duration, atMost limit: Duration, _ isReady: @Sendable () -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while true {
        if isReady() { return true }
        let left = deadline - ContinuousClock.now
        guard left > .zero else { return false }
        // `try?` swallows the CancellationError: a cancelled task loops on until the limit.
        try? await Task.sleep(for: min(interval, left))
    }
}
