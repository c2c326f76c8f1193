import Foundation

/// `grade new <chapter> <exercise>`: writes a new exercise's files and declarations so that the
/// instructor only fills in the placeholders: a starter (returns a wrong answer), a solution,
/// a Swift Testing suite (hidden) that tells them apart, a section in the chapter's lesson, the
/// `<exercise>` in course.xml (with a hint to rewrite) and its Package.swift line. `grade verify`
/// accepts the result as it is; the placeholders are marked TODO.
package struct ExerciseScaffold: Sendable {
    package var root: String
    package var chapterID: String
    package var exerciseID: String

    package init(root: String, chapterID: String, exerciseID: String) {
        (self.root, self.chapterID, self.exerciseID) = (root, chapterID, exerciseID)
    }

    /// `bounded-buffer` -> `BoundedBuffer`.
    package static func moduleName(for id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Writes everything; returns the files written or changed, in the order to edit them.
    @discardableResult
    package func create() throws(GradingError) -> [String] {
        let course = try ManifestReader(root: root).read()
        guard let chapter = course.chapters.first(where: { $0.id == chapterID }) else {
            let close = CloseMatches.of(chapterID, among: course.chapters.map(\.id))
            let suggestion = close.isEmpty ? "chapters: \(course.chapters.map(\.id).joined(separator: ", "))" : "did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?"
            throw GradingError("no chapter '\(chapterID)' in course.xml; \(suggestion)")
        }
        guard exerciseID.range(of: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw GradingError("'\(exerciseID)' is not a valid exercise id; use lower-case words joined by hyphens, like bounded-buffer")
        }
        if CommandNames.reserved.contains(exerciseID) {
            throw GradingError("'\(exerciseID)' is the name of the command 'grade \(exerciseID)'; choose another id")
        }
        if course.chapters.contains(where: { $0.id == exerciseID }) || course.exercises.contains(where: { $0.id == exerciseID }) {
            throw GradingError("the id '\(exerciseID)' is already used in course.xml; choose another")
        }
        let module = Self.moduleName(for: exerciseID)
        if course.exercises.contains(where: { $0.module == module }) {
            throw GradingError("the module \(module) is already used in course.xml; choose another exercise id")
        }

        let chapterFolder = parentFolder(of: chapter.lesson)
        let inside = chapterFolder.hasPrefix("Exercises/") ? String(chapterFolder.dropFirst("Exercises/".count)) : chapterID
        let starter = "\(chapterFolder)/\(exerciseID)/\(module).swift"
        let solution = "Solutions/\(inside)/\(exerciseID)/\(module).swift"
        let suiteFolder = "Tests/Exercises/\(inside)/\(exerciseID)"
        for path in [starter, solution, suiteFolder] where FileManager.default.fileExists(atPath: root + "/" + path) {
            throw GradingError("\(path) already exists; remove it or choose another exercise id")
        }
        let title = exerciseID.split(separator: "-").joined(separator: " ").capitalizedFirst
        let exercise = Exercise(
            id: exerciseID, chapterID: chapterID, title: title, module: module, points: 10, timeout: .seconds(30),
            starters: [starter], solutions: [solution],
            suites: [Suite(target: module + "Tests", path: suiteFolder, framework: .swiftTesting, visibility: .hidden)],
            hints: [], checks: Checks(), location: SourceLocation(file: "course.xml", line: 0, column: 0))

        // Checked before anything is written: the places to insert into must be there.
        let manifest = try read("course.xml")
        let manifestLines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
        guard let chapterLine = manifestLines.firstIndex(where: { $0.contains("<chapter") && $0.contains("id=\"\(chapterID)\"") }),
              let closing = manifestLines[chapterLine...].firstIndex(where: { $0.contains("</chapter>") }) else {
            throw GradingError("cannot find where chapter '\(chapterID)' ends; expected a </chapter> line after its <chapter id=\"\(chapterID)\" ...>", at: "course.xml")
        }
        let package = try read("Package.swift")
        var packageLines = package.split(separator: "\n", omittingEmptySubsequences: false)
        guard let end = packageLines.firstIndex(where: { $0.trimmingSpaces() == PackageAgreement.end }) else {
            throw GradingError("no '\(PackageAgreement.end)' line; expected the course's exercise list", at: "Package.swift")
        }

        // In a translated course, every language gets its placeholders too (`verify` wants them).
        let languages = course.languages.dropFirst()
        let titleTranslations = languages.map { #"      <translation xml:lang="\#($0)" title="TODO: \#(title)"/>"# + "\n" }.joined()
        let hintTranslations = languages.map { #"      <hint xml:lang="\#($0)">TODO: the first hint, translated.</hint>"# + "\n" }.joined()
        let element = """
                <exercise id="\(exerciseID)" title="\(title)" module="\(module)" points="10" timeout="30">
            \(titleTranslations)\
                  <starter>\(starter)</starter>
                  <solution>\(solution)</solution>
                  <suite target="\(module)Tests" framework="swift-testing" visibility="hidden" path="\(suiteFolder)"/>
                  <hint>TODO: a first hint, for a student who is stuck.</hint>
            \(hintTranslations)    </exercise>
            """
        var newManifest = manifestLines
        newManifest.insert(Substring(element), at: closing)
        packageLines.insert(Substring("    " + PackageAgreement.line(for: exercise)), at: Self.listEnd(in: packageLines, before: end))

        try write(newManifest.joined(separator: "\n"), to: "course.xml")
        try write(packageLines.joined(separator: "\n"), to: "Package.swift")
        try write(StarterHeader(exercise: exercise, chapter: chapter).text + """
            /// TODO: what the student writes. The starter compiles and gives a wrong answer.
            package func answer() -> Int {
                0
            }

            """, to: starter)
        try write("""
            /// TODO: the reference solution.
            package func answer() -> Int {
                42
            }

            """, to: solution)
        try write("""
            import \(module)
            import Testing

            @Suite struct \(module)Tests {
                // TODO: the tests that tell a right answer from the wrong ones students write.
                @Test func answers() {
                    #expect(answer() == 42)
                }
            }

            """, to: suiteFolder + "/\(module)Tests.swift")
        let lesson = (try? read(chapter.lesson)) ?? ""
        let place = Self.newSectionPlace(in: lesson)
        try write(Self.inserting("\(place.prefix) \(exerciseID): \(title)\n\nTODO: the part of the lesson this exercise practises.\n", into: lesson, before: place.heading), to: chapter.lesson)
        var lessons = [chapter.lesson]
        for language in languages {
            let path = chapter.lesson(in: language)
            guard path != chapter.lesson, let translated = try? read(path) else { continue }
            try write(Self.inserting("\(place.prefix) \(exerciseID): TODO\n\nTODO: the section of \(chapter.lesson), translated.\n", into: translated, before: place.heading), to: path)
            lessons.append(path)
        }
        return [starter, solution, suiteFolder + "/\(module)Tests.swift"] + lessons + ["course.xml", "Package.swift"]
    }

    /// Where a new exercise's section goes: in a lesson with an `## Exercises` section (the
    /// lessons' common structure), as the last `###` of it, that is before the next `##` heading
    /// (its index among the headings, the same in every language); otherwise at the end, as `##`.
    static func newSectionPlace(in lesson: String) -> (prefix: String, heading: Int?) {
        let headings = LanguageParity.headings(in: lesson)
        guard let exercises = headings.firstIndex(where: { $0.level == 2 && $0.text == "## Exercises" }) else { return ("##", nil) }
        let next = headings[(exercises + 1)...].firstIndex { $0.level <= 2 }
        return ("###", next)
    }

    /// The lesson with `section` before its heading number `heading` (nil: at the end).
    static func inserting(_ section: String, into lesson: String, before heading: Int?) -> String {
        let headings = LanguageParity.headings(in: lesson)
        guard let heading, heading < headings.count else {
            return lesson + (lesson.hasSuffix("\n") || lesson.isEmpty ? "" : "\n") + "\n" + section
        }
        var lines = lesson.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(section, at: headings[heading].line - 1)
        return lines.joined(separator: "\n")
    }

    private func read(_ path: String) throws(GradingError) -> String {
        guard let data = FileManager.default.contents(atPath: root + "/" + path) else {
            throw GradingError("cannot read it", at: "\(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func write(_ text: String, to path: String) throws(GradingError) {
        let url = URL(fileURLWithPath: root + "/" + path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw GradingError("cannot write it: \(error.localizedDescription)", at: "\(path)")
        }
    }

    /// Where a new exercise line goes: after the last line of the list, before the list's
    /// closing bracket and blank lines that stand between it and the END line.
    static func listEnd(in lines: [Substring], before end: Int) -> Int {
        var index = end
        while index > 0 {
            let previous = lines[index - 1].trimmingSpaces()
            guard previous.isEmpty || previous.hasPrefix("]") else { break }
            index -= 1
        }
        return index
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
