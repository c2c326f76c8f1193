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
        var results = [Int?](repeating: nil, count: items.count)
        var next = 0
        // Fill the slots...
        while next < min(limit, items.count) {
            let index = next
            group.addTask { (index, try await work(items[index])) }
            next += 1
        }
        // ...then start one item each time one finishes: never more than `limit` children.
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count {
                let index = next
                group.addTask { (index, try await work(items[index])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
