/// What a child printed, kept to a bounded size: the first part (where a build's first error
/// is) and the last part (what a hung or crashed test printed last), with a count of the rest.
package struct CappedOutput: Sendable {
    package let limit: Int
    package private(set) var head: [UInt8] = []
    package private(set) var tail: [UInt8] = []
    package private(set) var totalBytes = 0

    package init(limit: Int) {
        self.limit = max(limit, 2)
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        totalBytes += bytes.count
        var rest = bytes[...]
        if head.count < limit / 2 {
            let take = min(limit / 2 - head.count, rest.count)
            head += rest.prefix(take)
            rest = rest.dropFirst(take)
        }
        guard !rest.isEmpty else { return }
        tail += rest
        if tail.count > limit / 2 { tail.removeFirst(tail.count - limit / 2) }
    }

    package var droppedBytes: Int { totalBytes - head.count - tail.count }

    /// Everything kept, with a marker where bytes were dropped.
    package var text: String {
        guard droppedBytes > 0 else { return String(decoding: head + tail, as: UTF8.self) }
        return String(decoding: head, as: UTF8.self)
            + "\n[... \(droppedBytes) bytes of output left out ...]\n"
            + String(decoding: tail, as: UTF8.self)
    }

    /// The last `lines` lines, for "what it printed last".
    package func lastLines(_ lines: Int) -> String {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines + 1).joined(separator: "\n").trimmingSpaces()
    }
}
