import Foundation

/// The essence of one ThreadSanitizer report, for students: what kind of problem, and for each
/// of the two accesses (or lock acquisitions) which thread did it where in *their* code, not
/// the 80 lines of raw stack.
struct ThreadSanitizerReport: Equatable, CustomStringConvertible {
    /// The exit status a ThreadSanitizer build is given for a process that had reports.
    static let exitStatus: Int32 = 66

    enum Kind: Equatable {
        case dataRace
        case lockOrderInversion
        /// Anything else TSan reports (a thread leak, a use after free): shown as it names itself.
        case other(String)
    }

    struct Access: Equatable {
        /// "write", "previous read", "modifying access", as TSan says it, in lower case.
        var what: String
        var thread: Who
        /// `file:line:column` relative to the package root, or nil when no frame is in it.
        var place: String?
        var function: String?

    }

    /// Who made an access: TSan's thread id ("T2") with the thread's name when it has one, the
    /// main thread, or (for the earlier of two lock acquisitions) the thread of the line before.
    enum Who: Equatable {
        case other(id: String, name: String?)
        case main
        case same

        var message: Message {
            switch self {
            case .other(let id, let name?): Message(.tsanNamedThread, ["name": .verbatim(name), "id": .verbatim(id)])
            case .other(let id, nil): Message(.tsanThread, ["id": .verbatim(id)])
            case .main: Message(.tsanMainThread)
            case .same: Message(.tsanSameThread)
            }
        }
    }

    var kind: Kind
    var title: String
    var location: String?
    var accesses: [Access]

    var description: String { message.text(.en) }

    /// The report for students, in any language: TSan's words for what happened (its title,
    /// "previous write") are translated where we know them and kept as they are otherwise;
    /// names, places and functions stay as written.
    var message: Message {
        let title = Self.titles[title].map { Message($0) } ?? .verbatim(title)
        let head = location.map { Message(.tsanHeadOn, ["title": title, "location": Self.words(forLocation: $0)]) }
            ?? Message(.tsanHead, ["title": title])
        let lines = accesses.map { access in
            Message(.tsanAccess, [
                "what": Self.words(for: access.what), "thread": access.thread.message,
                "place": access.place.map { Message(.tsanAt, ["place": .verbatim($0)]) } ?? .empty,
                "function": access.function.map { Message(.tsanIn, ["function": .verbatim($0)]) } ?? .empty,
            ])
        }
        return .joined([head] + lines, separator: "\n")
    }

    private static let titles: [String: MessageKey] = [
        "data race": .tsanDataRace, "Swift access race": .tsanSwiftAccessRace,
        "lock-order-inversion (potential deadlock)": .tsanLockOrderInversion,
    ]

    private static let accessWords: [String: MessageKey] = [
        "write": .tsanWrite, "read": .tsanRead, "atomic write": .tsanAtomicWrite, "atomic read": .tsanAtomicRead,
        "modifying access of Swift variable": .tsanModifyingAccess, "read-only access of Swift variable": .tsanReadOnlyAccess,
    ]

    /// "heap block", "global 'counter'" -> the language's words for them (names kept).
    static func words(forLocation location: String) -> Message {
        if location == "heap block" { return Message(.tsanHeapBlock) }
        if location.hasPrefix("global ") { return Message(.tsanGlobal, ["name": .verbatim(String(location.dropFirst("global ".count)))]) }
        return .verbatim(location)
    }

    /// "previous write" -> the language's words for it, or TSan's own when we do not know them.
    static func words(for what: String) -> Message {
        // A lock-order inversion's acquisitions: "mutex M1 acquired here while holding mutex M0",
        // "mutex M0 previously acquired".
        let words = what.split(separator: " ").map(String.init)
        if words.count == 8, words[0] == "mutex", words[2...6] == ["acquired", "here", "while", "holding", "mutex"] {
            return Message(.tsanAcquiredWhileHolding, ["acquired": .verbatim(words[1]), "held": .verbatim(words[7])])
        }
        if words.count == 4, words[0] == "mutex", words[2...3] == ["previously", "acquired"] {
            return Message(.tsanPreviouslyAcquired, ["mutex": .verbatim(words[1])])
        }
        if what.hasPrefix("previous "), let key = accessWords[String(what.dropFirst("previous ".count))] {
            return Message(.tsanPrevious, ["access": Message(key)])
        }
        return accessWords[what].map { Message($0) } ?? .verbatim(what)
    }

    /// Every report in a TSan log, with paths shown relative to `root`.
    static func reports(in log: String, root: String, demangle: ([String]) -> [String: String] = SwiftDemangler.demangle) -> [ThreadSanitizerReport] {
        let blocks = log.components(separatedBy: "==================\n").filter { $0.contains("WARNING: ThreadSanitizer:") }
        var parsed = blocks.compactMap { parse($0, root: root) }
        // Readable function and variable names, with one call to the demangler for all.
        let symbols = parsed.flatMap { report in report.accesses.compactMap(\.function) + [report.location].compactMap { $0 } }
            .flatMap(mangledSymbols(in:))
        let names = symbols.isEmpty ? [:] : demangle(Array(Set(symbols)))
        for index in parsed.indices {
            parsed[index].location = parsed[index].location.map { replaceSymbols(in: $0, with: names) }
            for access in parsed[index].accesses.indices {
                parsed[index].accesses[access].function = parsed[index].accesses[access].function.map { replaceSymbols(in: $0, with: names) }
            }
        }
        return parsed
    }

    private static func parse(_ block: String, root: String) -> ThreadSanitizerReport? {
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let warning = lines.first(where: { $0.hasPrefix("WARNING: ThreadSanitizer: ") }) else { return nil }
        var title = String(warning.dropFirst("WARNING: ThreadSanitizer: ".count))
        if let pid = title.range(of: " (pid=") { title = String(title[..<pid.lowerBound]) }
        let kind: Kind = title.contains("race") ? .dataRace
            : title.hasPrefix("lock-order-inversion") ? .lockOrderInversion : .other(title)

        var threadNames: [String: String] = [:]  // "T2" -> "'worker'"
        for line in lines where line.hasPrefix("  Thread T") {
            let fields = line.dropFirst(2).split(separator: " ")
            guard fields.count >= 2 else { continue }
            let id = String(fields[1])
            if let open = line.firstIndex(of: "'"), let close = line[line.index(after: open)...].firstIndex(of: "'") {
                threadNames[id] = String(line[open...close])
            }
        }

        var accesses: [Access] = []
        var location: String?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.hasPrefix("  Location is ") {
                location = locationText(line)
                continue
            }
            guard line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":"),
                  let by = line.range(of: " by ") ?? line.range(of: " in thread ") else { continue }
            if line.hasPrefix("  Thread ") || line.hasPrefix("  Cycle ") { continue }
            var what = String(line.dropFirst(2)[..<by.lowerBound])
            if let size = what.range(of: " of size ") { what = String(what[..<size.lowerBound]) }
            if let at = what.range(of: " at 0x") { what = String(what[..<at.lowerBound]) }
            what = what.prefix(1).lowercased() + what.dropFirst()
            // " by thread T2:", " by main thread:"
            let threadText = line[by.upperBound...].dropLast().trimmingSpaces()
            let threadID = threadText.hasPrefix("thread ") ? String(threadText.dropFirst("thread ".count)) : threadText
            let thread: Who = threadText == "main thread" ? .main
                : threadText.hasPrefix("the same thread") ? .same
                : .other(id: threadID, name: threadNames[threadID])
            var frames: [(function: String, file: String)] = []
            while index < lines.count, lines[index].hasPrefix("    #") {
                let fields = lines[index].trimmingSpaces().split(separator: " ")
                if fields.count >= 3 { frames.append((String(fields[1]), String(fields[2]))) }
                index += 1
            }
            let ownFrame = frames.first { CourseRoot(root).isOwnFile($0.file) }
            accesses.append(Access(
                what: what, thread: thread,
                place: ownFrame.map { CourseRoot(root).relative($0.file) },
                function: ownFrame?.function))
        }
        guard !accesses.isEmpty || kind != .dataRace else { return nil }
        return ThreadSanitizerReport(kind: kind, title: title, location: location, accesses: accesses)
    }


    /// "Location is global '$s4race7counterSivp' of size 8 at ..." -> "global '$s4race7counterSivp'"
    private static func locationText(_ line: String) -> String? {
        let text = line.dropFirst("  Location is ".count)
        guard let size = text.range(of: " of size ") else { return nil }
        return String(text[..<size.lowerBound])
    }

    private static func mangledSymbols(in text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "'" }).filter { $0.hasPrefix("$s") }.map(String.init)
    }

    private static func replaceSymbols(in text: String, with names: [String: String]) -> String {
        var result = text
        for symbol in mangledSymbols(in: text) { if let name = names[symbol] { result = result.replacingOccurrences(of: symbol, with: name) } }
        return result
    }
}

/// Swift symbol names made readable with the toolchain's `swift-demangle`.
enum SwiftDemangler {
    static func demangle(_ symbols: [String]) -> [String: String] {
        let process = ChildProcess(
            executable: "swift-demangle", arguments: ["--simplified", "--compact"] + symbols,
            environment: ProcessInfo.processInfo.environment, workingDirectory: "/",
            timeout: .seconds(20), outputLimit: 1024 * 1024)
        guard let outcome = try? process.run(), outcome.ending == .exited(0) else { return [:] }
        let names = outcome.output.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard names.count >= symbols.count else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(symbols, names.prefix(symbols.count)))
    }
}
