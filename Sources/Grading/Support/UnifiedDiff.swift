import Foundation

/// A unified diff (what `diff -u`, `diff -ruN` and `git diff` print), read and applied strictly:
/// every hunk must find its context and removed lines exactly at the line it names.
///
/// Written by hand because none of the packages the course builds with reads diffs, and
/// `patch(1)` is neither on every student's or CI machine nor strict: by default it applies a
/// hunk a few lines away or with its context half matching, so a solution that changed under a
/// fixture would be patched into something nobody wrote. Here a changed solution makes the
/// fixture fail to apply, with the line that no longer matches.
package struct UnifiedDiff: Sendable, Equatable {
    /// The changes to one file.
    package struct FileChange: Sendable, Equatable {
        /// The file's name, the last component of its `+++` path (of `---` for a deletion):
        /// a solution folder is flat, so `diff -u Solutions/…/Tally.swift mine/Tally.swift`
        /// and `git diff`'s `a/`, `b/` paths name the same file.
        package var name: String
        package var isCreation: Bool
        package var isDeletion: Bool
        package var hunks: [Hunk]
    }

    /// One `@@ -start,count +start,count @@` block.
    package struct Hunk: Sendable, Equatable {
        package enum Line: Sendable, Equatable {
            case context(String), removed(String), added(String)
        }
        /// The first line it replaces in the original (1-based; 0 for an empty original).
        package var originalStart: Int
        package var lines: [Line]
        /// Where the hunk starts in the diff, for errors.
        package var diffLine: Int
        /// `\ No newline at end of file` after the new file's last line.
        package var newHasNoFinalNewline = false
    }

    package var files: [FileChange]

    /// Reads `text`; `origin` names the diff in errors ("Tests/Mistakes/x.patch:12: error: …").
    package init(_ text: String, origin: String) throws(GradingError) {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }  // the diff's own last newline, not an empty context line
        var reader = Reader(lines: lines, origin: origin)
        files = try reader.files()
        if files.isEmpty {
            throw GradingError(Problem("not a unified diff: no '--- ' and '+++ ' file headers (make it with diff -u or git diff)", at: origin))
        }
    }

    /// The new text of `change`'s file, given the original (nil when the diff creates it).
    package static func apply(_ change: FileChange, to original: String?, origin: String) throws(GradingError) -> String {
        var old = FileLines(original ?? "")
        var result: [String] = []
        var next = 0  // index in old.lines of the first line not yet copied
        var finalNewline = old.finalNewline || old.lines.isEmpty
        for hunk in change.hunks {
            let start = max(hunk.originalStart - 1, 0)
            guard start >= next, start <= old.lines.count else {
                throw mismatch(hunk, origin: origin, file: change.name, detail: "it starts at line \(hunk.originalStart), which the file or an earlier hunk does not leave")
            }
            result += old.lines[next..<start]
            var position = start
            for line in hunk.lines {
                switch line {
                case .context(let text), .removed(let text):
                    guard position < old.lines.count, old.lines[position] == text else {
                        let found = position < old.lines.count ? "'\(old.lines[position])'" : "the end of the file"
                        throw mismatch(hunk, origin: origin, file: change.name, detail: "line \(position + 1) should be '\(text)' but is \(found)")
                    }
                    if case .context = line { result.append(text) }
                    position += 1
                case .added(let text):
                    result.append(text)
                }
            }
            next = position
            // A hunk that reaches the original's end says how the new file ends.
            if position == old.lines.count { finalNewline = !hunk.newHasNoFinalNewline }
        }
        result += old.lines[next...]
        old.lines = result
        old.finalNewline = finalNewline
        return old.text
    }

    private static func mismatch(_ hunk: Hunk, origin: String, file: String, detail: String) -> GradingError {
        GradingError(Problem("the hunk does not apply to \(file): \(detail); make the diff again against the current solution", at: "\(origin):\(hunk.diffLine)"))
    }
}

/// A text as lines, remembering whether the last one ended with a newline.
private struct FileLines {
    var lines: [String]
    var finalNewline: Bool

    init(_ text: String) {
        var parts = text.components(separatedBy: "\n")
        finalNewline = parts.last == ""
        if finalNewline { parts.removeLast() }
        lines = text.isEmpty ? [] : parts
    }

    var text: String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + (finalNewline ? "\n" : "")
    }
}

/// Reads a diff line by line.
private struct Reader {
    let lines: [String]
    let origin: String
    var index = 0

    init(lines: [String], origin: String) {
        self.lines = lines
        self.origin = origin
    }

    mutating func files() throws(GradingError) -> [UnifiedDiff.FileChange] {
        var files: [UnifiedDiff.FileChange] = []
        while index < lines.count {
            // Lines before a file header (`diff -ruN …`, `Only in …`, git's `index …`) say
            // nothing the headers do not.
            guard lines[index].hasPrefix("--- "), index + 1 < lines.count, lines[index + 1].hasPrefix("+++ ") else {
                index += 1
                continue
            }
            let old = path(lines[index]), new = path(lines[index + 1])
            index += 2
            var change = UnifiedDiff.FileChange(
                name: name(of: new == "/dev/null" ? old : new), isCreation: old == "/dev/null",
                isDeletion: new == "/dev/null", hunks: [])
            while index < lines.count, lines[index].hasPrefix("@@ ") {
                change.hunks.append(try hunk())
            }
            if change.hunks.isEmpty {
                throw problem("the file header of \(change.name) has no hunk after it", line: index)
            }
            files.append(change)
        }
        return files
    }

    /// `@@ -12,7 +12,6 @@ optional text` and the lines it counts.
    mutating func hunk() throws(GradingError) -> UnifiedDiff.Hunk {
        let headerLine = index
        let fields = lines[index].split(separator: " ")
        guard fields.count >= 3, let old = range(fields[1], sign: "-"), let new = range(fields[2], sign: "+") else {
            throw problem("a hunk header must read '@@ -start,count +start,count @@', not '\(lines[index])'", line: index)
        }
        index += 1
        var hunk = UnifiedDiff.Hunk(originalStart: old.start, lines: [], diffLine: headerLine + 1)
        var (oldLeft, newLeft) = (old.count, new.count)
        while oldLeft > 0 || newLeft > 0 {
            guard index < lines.count else {
                throw problem("the hunk ends before its \(old.count) original and \(new.count) new lines", line: headerLine)
            }
            let line = lines[index]
            let text = String(line.dropFirst())
            switch line.first {
            case " ", nil: hunk.lines.append(.context(text)); oldLeft -= 1; newLeft -= 1
            case "-": hunk.lines.append(.removed(text)); oldLeft -= 1
            case "+": hunk.lines.append(.added(text)); newLeft -= 1
            case "\\": break
            default: throw problem("a hunk line must begin with ' ', '-' or '+', not '\(line)'", line: index)
            }
            guard oldLeft >= 0, newLeft >= 0 else {
                throw problem("the hunk has more lines than its header counts", line: headerLine)
            }
            index += 1
        }
        while index < lines.count, lines[index].hasPrefix("\\") {
            // `\ No newline at end of file`: after the last new line, the new file has none.
            if case .removed = hunk.lines.last {} else { hunk.newHasNoFinalNewline = true }
            index += 1
        }
        return hunk
    }

    func range(_ field: Substring, sign: Character) -> (start: Int, count: Int)? {
        guard field.first == sign else { return nil }
        let numbers = field.dropFirst().split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        switch numbers.count {
        case 1: return numbers[0].map { ($0, 1) }
        case 2: guard let start = numbers[0], let count = numbers[1] else { return nil }; return (start, count)
        default: return nil
        }
    }

    /// The path of a `--- ` or `+++ ` line, without the date `diff -u` adds after a tab.
    func path(_ line: String) -> String {
        String(line.dropFirst(4).split(separator: "\t", maxSplits: 1).first ?? "")
    }

    func name(of path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    func problem(_ message: String, line: Int) -> GradingError {
        GradingError(Problem(message, at: "\(origin):\(line + 1)"))
    }
}
