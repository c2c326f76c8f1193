// Exercise task-group: many calls at once, in input order and in completion order.
// Lesson: Exercises/09-tasks/lesson.md, section "task-group".
// Stuck? `swift run grade hint task-group` gives one more hint each time you ask.

/// Downloads every page of `ids` at the same time, one child task each, and returns the pages
/// in the order of `ids` (whatever order they arrive in). If a download throws, throws its error.
public func downloadAll(
    _ ids: [Int], using download: @escaping @Sendable (Int) async throws -> String
) async throws -> [String] {
    // TODO: a `withThrowingTaskGroup`, one `addTask` per id; put each page back in its place.
    var pages: [String] = []
    for id in ids { pages.append(try await download(id)) }
    return pages
}

/// Asks every mirror of `mirrors` at the same time and returns the first `count` answers in the
/// order they arrived; the requests still running then are cancelled and never awaited to the
/// end. Throws if a request throws before `count` answers came in.
public func firstAnswers(
    from mirrors: [Int], count: Int, using ask: @escaping @Sendable (Int) async throws -> String
) async throws -> [String] {
    // TODO: a task group with one child per mirror; take answers with `group.next()` until you
    // have `count`, then cancel the rest.
    return []
}
