// Exercise bounded-group: at most N child tasks at once.
// Lesson: Exercises/09-tasks/lesson.md, section "bounded-group".
// Stuck? `swift run grade hint bounded-group` gives one more hint each time you ask.

/// Runs `work` on every item of `items`, at most `limit` at a time, and returns the results in
/// the order of `items`. A new item starts as soon as one finishes (never waiting for a whole
/// batch), so the slots stay busy while there is work. If `work` throws, throws its error.
///
/// `limit` is at least 1.
public func processAll(
    _ items: [Int], atMost limit: Int, using work: @escaping @Sendable (Int) async throws -> Int
) async throws -> [Int] {
    // TODO: a task group that starts `limit` children, then one more each time `group.next()`
    // hands back a result, until every item was started; results in the order of `items`.
    return []
}
