/// `--shard K/N`: the K-th of N parallel CI jobs grades every N-th exercise of the course,
/// starting with the K-th, so the split is deterministic, spreads each chapter over the jobs and
/// together the N jobs grade every exercise exactly once.
package struct Shard: Sendable, Equatable {
    package var index: Int
    package var count: Int

    /// Parses `K/N` with 1 <= K <= N.
    package init(_ text: String) throws(GradingError) {
        guard let shard = Shard(parsing: text), shard.problem == nil else { throw GradingError(Self.expected(text)) }
        self = shard
    }

    /// `K/N` with any two integers (nil for anything else); `problem` says whether they fit.
    package init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        (self.index, self.count) = (index, count)
    }

    /// What is wrong with this shard (nil: 1 <= K <= N holds).
    package var problem: String? {
        count >= 1 && index >= 1 && index <= count ? nil : Self.expected("\(index)/\(count)")
    }

    static func expected(_ text: String) -> String {
        "--shard expects K/N with 1 <= K <= N (for example --shard 2/4), not '\(text)'"
    }

    /// This shard's part of `exercises` (in their order).
    package func select(_ exercises: [Exercise]) -> [Exercise] {
        exercises.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}
