import CLibXML2

/// Turns the validated XML tree into a `Course`, remembering where each thing was written.
///
/// The schema has already guaranteed the structure, so this only reads: a missing required
/// attribute cannot happen here, and optional ones take the schema's defaults.
struct CourseBuilder {
    let text: SourceText
    let displayName: String

    func course(from root: xmlNodePtr) -> Course {
        var course = Course(
            id: attribute("id", of: root) ?? "",
            title: attribute("title", of: root) ?? "",
            version: attribute("version", of: root) ?? "",
            chapters: [],
            edition: Course.Edition(rawValue: attribute("edition", of: root) ?? "") ?? .instructor)
        course.language = attribute("lang", of: root) ?? "en"
        course.translatedTitles = translations(in: root, attribute: "title")
        course.chapters = elements(named: "chapter", in: root).map { chapter($0, language: course.language) }
        return course
    }

    private func chapter(_ node: xmlNodePtr, language: String) -> Chapter {
        let id = attribute("id", of: node) ?? ""
        return Chapter(
            id: id,
            title: attribute("title", of: node) ?? "",
            lesson: attribute("lesson", of: node) ?? "",
            status: Chapter.Status(rawValue: attribute("status", of: node) ?? "") ?? .draft,
            exercises: elements(named: "exercise", in: node).map { exercise($0, chapterID: id, language: language) },
            translatedTitles: translations(in: node, attribute: "title"),
            translatedLessons: translations(in: node, attribute: "lesson"),
            location: location(of: node))
    }

    /// The `<translation>` children's `attribute`, by their `xml:lang` (the schema requires both;
    /// a second translation into one language is reported by `grade verify`, the first counts).
    private func translations(in node: xmlNodePtr, attribute name: String) -> [String: String] {
        var found: [String: String] = [:]
        for translation in elements(named: "translation", in: node) {
            guard let language = attribute("lang", of: translation), let value = attribute(name, of: translation),
                  found[language] == nil else { continue }
            found[language] = value
        }
        return found
    }

    private func exercise(_ node: xmlNodePtr, chapterID: String, language: String) -> Exercise {
        var checks = Checks()
        if let checksNode = elements(named: "checks", in: node).first {
            checks.timing = bool(attribute("timing", of: checksNode))
            checks.race = bool(attribute("race", of: checksNode))
            checks.deadlock = bool(attribute("deadlock", of: checksNode))
            checks.repetitions = attribute("repetitions", of: checksNode).flatMap { Int($0) } ?? 1
            checks.explore = attribute("explore", of: checksNode)
        }
        let seconds = attribute("timeout", of: node).flatMap { Double($0) } ?? 60
        // Untagged hints (or hints tagged with the course's language) are the originals.
        var hintsByLanguage: [String: [String]] = [:]
        for hint in elements(named: "hint", in: node) {
            hintsByLanguage[attribute("lang", of: hint) ?? language, default: []].append(normalizedSpaces(content(hint)))
        }
        let hints = hintsByLanguage.removeValue(forKey: language) ?? []
        var exercise = Exercise(
            id: attribute("id", of: node) ?? "",
            chapterID: chapterID,
            title: attribute("title", of: node) ?? "",
            module: attribute("module", of: node) ?? "",
            points: attribute("points", of: node).flatMap { Int($0) } ?? 0,
            timeout: .milliseconds(Int64(seconds * 1000)),
            starters: elements(named: "starter", in: node).map(content),
            solutions: elements(named: "solution", in: node).map(content),
            suites: elements(named: "suite", in: node).map(suite),
            hints: hints,
            checks: checks,
            mistakes: elements(named: "mistake", in: node).map(fixture),
            alternatives: elements(named: "alternative", in: node).map(fixture),
            location: location(of: node),
            translatedTitles: translations(in: node, attribute: "title"),
            translatedHints: hintsByLanguage)
        exercise.equivalentMutants = elements(named: "equivalent", in: node).map { equivalent in
            EquivalentMutant(mutant: attribute("mutant", of: equivalent) ?? "", reason: normalizedSpaces(attribute("reason", of: equivalent) ?? ""),
                             location: location(of: equivalent))
        }
        exercise.mutationThreshold = attribute("mutation-threshold", of: node).flatMap { Double($0) } ?? 0.9
        return exercise
    }

    private func suite(_ node: xmlNodePtr) -> Suite {
        Suite(
            target: attribute("target", of: node) ?? "",
            path: attribute("path", of: node) ?? "",
            framework: Suite.Framework(rawValue: attribute("framework", of: node) ?? "") ?? .xctest,
            visibility: Suite.Visibility(rawValue: attribute("visibility", of: node) ?? "") ?? .hidden)
    }

    /// A `<mistake>` or an `<alternative>`.
    private func fixture(_ node: xmlNodePtr) -> Fixture {
        Fixture(id: attribute("id", of: node) ?? "", path: attribute("path", of: node) ?? "",
                explanation: normalizedSpaces(content(node)), location: location(of: node))
    }

    func location(of node: xmlNodePtr) -> SourceLocation {
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        let line = text.startOfTag(name, endingOn: Int(xmlGetLineNo(node)))
        return SourceLocation(file: displayName, line: line, column: text.column(ofElement: name, line: line))
    }

    private func bool(_ value: String?) -> Bool {
        value == "true" || value == "1"
    }

    /// Hints may wrap lines in the XML; print them as one paragraph.
    private func normalizedSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}

/// The element children of `node` called `name`, in document order.
func elements(named name: String, in node: xmlNodePtr) -> [xmlNodePtr] {
    var found: [xmlNodePtr] = []
    var child = node.pointee.children
    while let current = child {
        if current.pointee.type == XML_ELEMENT_NODE,
           let childName = current.pointee.name, String(cString: childName) == name {
            found.append(current)
        }
        child = current.pointee.next
    }
    return found
}

/// The value of an attribute, read from the tree without allocating (no `xmlFree` needed).
/// Matched by local name: `lang` finds `xml:lang`, the only namespaced attribute the schema allows.
func attribute(_ name: String, of node: xmlNodePtr) -> String? {
    var property = node.pointee.properties
    while let current = property {
        if let propertyName = current.pointee.name, String(cString: propertyName) == name {
            var value = ""
            var child = current.pointee.children
            while let text = child {
                if let content = text.pointee.content { value += String(cString: content) }
                child = text.pointee.next
            }
            return value.trimmingSpaces()
        }
        property = current.pointee.next
    }
    return nil
}

/// The text inside an element, trimmed.
func content(_ node: xmlNodePtr) -> String {
    var value = ""
    var child = node.pointee.children
    while let current = child {
        if let text = current.pointee.content,
           current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE {
            value += String(cString: text)
        }
        child = current.pointee.next
    }
    return value.trimmingSpaces()
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
