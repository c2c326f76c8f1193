/// Finds the known names a mistyped one was probably meant to be.
///
/// Hand-written because it is twenty lines: an edit distance (insertions, deletions,
/// substitutions) plus "one contains the other", which catches `threads` for `hello-threads`.
enum CloseMatches {
    static func of(_ typed: String, among known: [String]) -> [String] {
        let typed = typed.lowercased()
        let limit = max(2, typed.count / 3)
        return known
            .map { (name: $0, distance: distance(typed, $0.lowercased())) }
            .filter { $0.distance <= limit || $0.name.contains(typed) || (typed.count >= 4 && typed.contains($0.name)) }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .prefix(3)
            .map(\.name)
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1,
                                 previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
