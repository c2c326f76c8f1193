import SwiftParser
import SwiftSyntax

/// Writes a schema's text: the reference's bytes, with each mutated region replaced by an
/// `if`/`else if` chain over its mutants whose last `else` holds the region as it was (with the
/// regions nested in it written the same way). Regions nest: two bodies are disjoint or one is
/// inside the other, and two regions of one body end together.
struct SchemaWriter {
    let source: [UInt8]
    private(set) var output = ""
    private var line = 1

    init(source: [UInt8]) { self.source = source }

    private struct Region {
        var range: Range<Int>
        var alternatives: [(number: Int, text: String)]
        /// Each branch starts with `return` (see `Mutation.returnsImplicitly`).
        var returns = false
    }

    /// Writes the schema; returns the lines of each mutant's branch, by mutant number.
    mutating func write(_ mutations: [(Mutation, Int)]) -> [Int: ClosedRange<Int>] {
        var byRange: [Range<Int>: Region] = [:]
        var order: [Range<Int>] = []
        for (mutation, number) in mutations {
            let range = mutation.region
            let rest = String(decoding: source[mutation.list.item(mutation.last).endPositionBeforeTrailingTrivia.utf8Offset..<range.upperBound], as: UTF8.self)
            if byRange[range] == nil {
                order.append(range)
                byRange[range] = Region(range: range, alternatives: [], returns: mutation.returnsImplicitly)
            }
            let text = mutation.mutatedItems + rest
            byRange[range]!.alternatives.append((number, byRange[range]!.returns ? Self.returningLast(text) : text))
        }
        let regions = order.map { byRange[$0]! }.sorted {
            $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count
        }
        var lines: [Int: ClosedRange<Int>] = [:]
        emit(0..<source.count, regions[...], lines: &lines)
        return lines
    }

    private mutating func emit(_ range: Range<Int>, _ regions: ArraySlice<Region>, lines: inout [Int: ClosedRange<Int>]) {
        var cursor = range.lowerBound
        var index = regions.startIndex
        while index < regions.endIndex {
            let region = regions[index]
            var inner = index + 1
            while inner < regions.endIndex, regions[inner].range.upperBound <= region.range.upperBound { inner += 1 }
            append(source[cursor..<region.range.lowerBound])
            for (position, alternative) in region.alternatives.enumerated() {
                let start = line
                append((position == 0 ? "if" : " else if") + " __courseMutant(\(alternative.number)) {\n")
                append(alternative.text + "\n}")
                lines[alternative.number] = start...(line - 1)  // its closing brace is the next branch's line
            }
            append(" else {\n" + (region.returns ? "return " : ""))
            emit(region.range, regions[(index + 1)..<inner], lines: &lines)
            append("\n}")
            cursor = region.range.upperBound
            index = inner
        }
        append(source[cursor..<range.upperBound])
    }

    /// `text` with `return` before its last statement when that is an expression (a mutant of
    /// a body that returned its only expression may have grown statements before it).
    static func returningLast(_ text: String) -> String {
        let items = Parser.parse(source: text).statements
        guard let last = items.last, case .expr = last.item else { return text }
        var bytes = Array(text.utf8)
        bytes.insert(contentsOf: Array("return ".utf8), at: last.positionAfterSkippingLeadingTrivia.utf8Offset)
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        append(String(decoding: bytes, as: UTF8.self))
    }

    private mutating func append(_ text: String) {
        output += text
        line += text.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
    }
}
