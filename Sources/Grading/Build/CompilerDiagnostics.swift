/// The compiler's error diagnostics in a build log, each `file:line:column: error: message`
/// with the source excerpt the compiler printed under it.
///
/// The compiler's text format is the structured output here: one diagnostic per line in a
/// fixed `path:line:column: severity: message` form that editors parse too.
struct CompilerDiagnostics {
    struct Diagnostic: Equatable {
        var file: String
        var line: Int
        var column: Int
        var message: String
        /// The excerpt lines (`12 | code`, `   | ^ error: ...`) that followed it.
        var excerpt: [String]
    }

    private(set) var errors: [Diagnostic] = []

    init(log: String) {
        var seen = Set<String>()
        var current: Diagnostic?
        func finish() {
            if let diagnostic = current, seen.insert("\(diagnostic.file):\(diagnostic.line):\(diagnostic.column):\(diagnostic.message)").inserted {
                errors.append(diagnostic)
            }
            current = nil
        }
        for rawLine in log.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if let diagnostic = Self.parse(line) {
                finish()
                current = diagnostic
            } else if current != nil, line.contains("|") || line.trimmingSpaces().isEmpty == false && line.hasPrefix(" ") {
                if current!.excerpt.count < 12 { current!.excerpt.append(line) }
            } else {
                finish()
            }
        }
        finish()
    }

    /// `/path/File.swift:12:5: error: message`
    static func parse(_ line: String) -> Diagnostic? {
        guard line.hasPrefix("/"), let marker = line.range(of: ": error: ") else { return nil }
        let place = line[..<marker.lowerBound].split(separator: ":")
        guard place.count >= 3, let lineNumber = Int(place[place.count - 2]), let column = Int(place[place.count - 1])
        else { return nil }
        let file = place.dropLast(2).joined(separator: ":")
        return Diagnostic(file: file, line: lineNumber, column: column,
                          message: String(line[marker.upperBound...]), excerpt: [])
    }
}
