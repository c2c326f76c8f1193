/// `--shard K/N`: the K-th of N parallel CI jobs grades every N-th exercise of the course,
/// starting with the K-th, so the split is deterministic, spreads each chapter over the jobs and
/// together the N jobs grade every exercise exactly once.
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    /// Parses `K/N` with 1 <= K <= N.
    public init(_ text: String) throws(GradingError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index >= 1, index <= count else {
            throw GradingError("error: --shard expects K/N with 1 <= K <= N (for example --shard 2/4), not '\(text)'")
        }
        (self.index, self.count) = (index, count)
    }

    /// This shard's part of `exercises` (in their order).
    public func select(_ exercises: [Exercise]) -> [Exercise] {
        exercises.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}
