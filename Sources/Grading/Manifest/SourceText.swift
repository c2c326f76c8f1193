import Foundation

/// The lines of a text file, to turn a libxml2 line number into a line *and column*.
///
/// libxml2 keeps only the line of an element, so the column of a message about an element or
/// one of its attributes is found by looking for `<name` or `attribute=` from that line on.
struct SourceText {
    let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The line on which the start tag `<element` that libxml2 places on `line` begins.
    ///
    /// libxml2 gives an element the line where its start tag *ends*, so a tag written over
    /// several lines (`<suite target=...` wrapped before `path=...`) is reported on its last
    /// line: look back from there for the `<element` that opens it.
    func startOfTag(_ element: String, endingOn line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return line }
        let opening = "<" + element
        for number in stride(from: line, through: max(1, line - 20), by: -1) {
            let text = lines[number - 1]
            if let range = text.range(of: opening, options: .backwards),
               range.upperBound == text.endIndex || " \t/>".contains(text[range.upperBound]) {
                return number
            }
            // Another tag closed on an earlier line: the start tag cannot begin before it.
            if number < line, text.contains(">") { break }
        }
        return line
    }

    /// The 1-based column of the start tag `<element` on `line`, or 1.
    func column(ofElement element: String, line: Int) -> Int {
        column(of: "<" + element, from: line, searchLines: 1)?.column ?? 1
    }

    /// The place of `attribute=` in the start tag that begins on `line` (tags may wrap lines).
    func location(ofAttribute attribute: String, element: String, line: Int) -> (line: Int, column: Int) {
        column(of: " " + attribute + "=", from: line, searchLines: 6).map { ($0.line, $0.column + 1) }
            ?? (line, column(ofElement: element, line: line))
    }

    private func column(of needle: String, from line: Int, searchLines: Int) -> (line: Int, column: Int)? {
        guard line >= 1 else { return nil }
        for number in line..<min(lines.count + 1, line + searchLines) {
            let text = lines[number - 1]
            if let range = text.range(of: needle) {
                return (number, text.distance(from: text.startIndex, to: range.lowerBound) + 1)
            }
            if number > line, text.contains(">") { break }
        }
        return nil
    }
}

extension SourceText {
    /// The first place at or after `line` where `needle` is written, to point a message about
    /// a path or id at the text itself.
    func location(of needle: String, from line: Int) -> (line: Int, column: Int)? {
        guard line >= 1, line <= lines.count else { return nil }
        for number in line...lines.count {
            if let range = lines[number - 1].range(of: needle) {
                let text = lines[number - 1]
                return (number, text.distance(from: text.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }
}
