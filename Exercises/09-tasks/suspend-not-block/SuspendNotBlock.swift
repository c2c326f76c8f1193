// Exercise suspend-not-block: suspending is not blocking.
// Lesson: Exercises/09-tasks/lesson.md, section "suspend-not-block".
// Stuck? `swift run grade hint suspend-not-block` gives one more hint each time you ask.

/// Asks `isReady()` now and then every `interval` until it answers true, and returns true
/// then; returns false once `limit` has passed without a true answer, and at once (false) when
/// the task is cancelled.
///
/// Between two questions the waiting task must *suspend* (`Task.sleep`), not *block* its thread:
/// a thread of the cooperative pool that sleeps is a thread no other task can use.
public func waitUntil(
    every interval: Duration, atMost limit: Duration, _ isReady: @Sendable () -> Bool
) async -> Bool {
    // TODO: loop: return true as soon as isReady() says so; return false when `limit` has
    // passed; in between, wait `interval` without holding on to the thread (and stop waiting
    // when the task is cancelled).
    return isReady()
}
