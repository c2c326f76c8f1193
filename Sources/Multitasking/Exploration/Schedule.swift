/// A schedule as a short string that replays it: the strategy that found it, the execution's
/// number, and the choices made wherever more than one thread could run (thread numbers in the
/// order the threads started, 0 being the explored body), runs of one thread compressed:
/// `pct(d3,s0)#17:0*4.1.0*2.2`.
public struct Schedule: Sendable, Equatable, CustomStringConvertible {
    /// Where it came from ("pct(d3,s0)#17"), for people; replay needs only the choices.
    public let origin: String
    public let choices: [Int]

    public init(origin: String, choices: [Int]) {
        (self.origin, self.choices) = (origin, choices)
    }

    /// Reads a schedule string; nil if it is not one.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        origin = String(text[..<colon])
        var choices: [Int] = []
        for token in text[text.index(after: colon)...].split(separator: ".") {
            let parts = token.split(separator: "*")
            guard let thread = parts.first.flatMap({ Int($0) }), thread >= 0, parts.count <= 2 else { return nil }
            let count = parts.count == 2 ? Int(parts[1]) : 1
            guard let count, count >= 1, count <= 1_000_000 else { return nil }
            choices += repeatElement(thread, count: count)
        }
        self.choices = choices
    }

    public var description: String {
        var runs: [String] = []
        var index = choices.startIndex
        while index < choices.endIndex {
            let thread = choices[index]
            var end = index
            while end < choices.endIndex && choices[end] == thread { end += 1 }
            let count = end - index
            runs.append(count == 1 ? "\(thread)" : "\(thread)*\(count)")
            index = end
        }
        return "\(origin):\(runs.joined(separator: "."))"
    }
}
