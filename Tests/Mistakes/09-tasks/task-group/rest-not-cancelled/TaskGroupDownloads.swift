/// Downloads every page of `ids` at the same time, one child task each, and returns the pages
/// in the order of `ids` (whatever order they arrive in). If a download throws, throws its error.
public func downloadAll(
    _ ids: [Int], using download: @escaping @Sendable (Int) async throws -> String
) async throws -> [String] {
    try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for (index, id) in ids.enumerated() {
            // Each child returns its position with its page: children finish in any order.
            group.addTask { (index, try await download(id)) }
        }
        var pages = [String?](repeating: nil, count: ids.count)
        // Only the parent task writes `pages`: the children hand their results over through
        // the group, so nothing is shared between them.
        for try await (index, page) in group {
            pages[index] = page
        }
        return pages.map { $0! }
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
        return answers
    }
}
