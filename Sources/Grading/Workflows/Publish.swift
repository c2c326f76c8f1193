import Foundation

/// `grade publish --out DIR [--chapter ID...]`: writes the student edition of the course.
///
/// The edition holds the runtime and the grader (everything outside the course folders is
/// copied), the chosen chapters' lessons and starters (with an untouched copy of each starter in
/// `.course/starters/` for `grade reset`), their visible suites, a course.xml with just those
/// chapters marked `edition="student"`, a Package.swift whose course section lists just their
/// exercises, and a README for students. It never holds solutions, hidden suites, draft chapters
/// or wrong-answer fixtures. Hidden suites stay declared in course.xml, so the edition's grader
/// shows those exercises as graded in CI.
package struct CoursePublisher: Sendable {
    package var root: String
    package var destination: String
    /// Chapter ids to publish; empty: every chapter with status="published".
    package var chapterIDs: [String]

    package init(root: String, destination: String, chapterIDs: [String] = []) {
        (self.root, self.destination, self.chapterIDs) = (root, destination, chapterIDs)
    }

    /// Top-level items never copied: version control, build state, editor state.
    static func isBuildOrVersionControl(_ name: String) -> Bool {
        name == ".git" || name.hasPrefix(".build") || name == ".swiftpm" || name == ".course"
    }

    /// The chapters the options choose, or an error naming what cannot be published.
    package func chapters(of course: Course) throws(GradingError) -> [Chapter] {
        if chapterIDs.isEmpty {
            let published = course.chapters.filter { $0.status == .published }
            if published.isEmpty {
                throw GradingError("no chapter of course.xml has status=\"published\"; publish one, or name chapters with --chapter")
            }
            return published
        }
        var problems: [Problem] = []
        for id in chapterIDs {
            if let chapter = course.chapters.first(where: { $0.id == id }) {
                if chapter.status == .draft {
                    problems.append(Problem("chapter '\(id)' is a draft; set status=\"published\" on it in course.xml to publish it"))
                }
            } else if course.exercises.contains(where: { $0.id == id }) {
                problems.append(Problem("'\(id)' is an exercise; --chapter takes chapter ids: \(course.chapters.map(\.id).joined(separator: ", "))"))
            } else {
                var unknown = GradingPlan.unknown(id, in: course)
                unknown.message = unknown.message.replacingOccurrences(of: "no exercise or chapter", with: "no chapter")
                problems.append(unknown)
            }
        }
        if !problems.isEmpty { throw GradingError(problems) }
        return course.chapters.filter { chapterIDs.contains($0.id) }
    }

    /// Writes the edition; returns the course it holds.
    @discardableResult
    package func publish() throws(GradingError) -> Course {
        let course = try ManifestReader(root: root).read()
        let disagreements = PackageAgreement(root: root).problems(for: course)
        if !disagreements.isEmpty { throw GradingError(disagreements) }
        let chapters = try chapters(of: course)
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: destination), !existing.isEmpty {
            throw GradingError("\(destination) is not empty; publish into a new or empty folder")
        }
        if destination == root || destination.hasPrefix(root + "/") && !destination.hasPrefix(root + "/.build") {
            throw GradingError("cannot publish into the course itself (\(destination)); choose a folder outside it")
        }

        var edition = course
        edition.chapters = chapters.map { chapter in
            var chapter = chapter
            chapter.exercises = chapter.exercises.map { exercise in
                var exercise = exercise
                exercise.mistakes = []
                exercise.alternatives = []
                return exercise
            }
            return chapter
        }
        edition.edition = .student
        let published = edition.exercises

        // Course folders are copied file by file below; everything else (runtime, grader,
        // self-tests, scripts) as it is.
        var courseFolders = Set(["Exercises", "Solutions"])
        for exercise in course.exercises {
            for suite in exercise.suites { courseFolders.insert(topFolder(suite.path)) }
            for mistake in exercise.mistakes { courseFolders.insert(topFolder(mistake.path)) }
            for alternative in exercise.alternatives { courseFolders.insert(topFolder(alternative.path)) }
        }
        courseFolders.insert("Tests/Mistakes")
        courseFolders.insert("Tests/Alternatives")
        let replaced: Set<String> = ["course.xml", "Package.swift", "README.md"]
        // The instructor's resolved dependency versions are local state, like .build: the
        // edition's .gitignore leaves it out, so a student who clones the edition never has it.
        // (Not in `isBuildOrVersionControl`: the --hidden-tests copy keeps it, to build with the
        // versions the instructor built with.)
        let localState: Set<String> = ["Package.resolved"]
        // The mutation tool measures the hidden suites against the solutions: instructors only.
        let instructorsOnly: Set<String> = [MutantTool.packageFolder]
        do {
            try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            try copyTree("", skipping: { path in
                let name = String(path.split(separator: "/").last ?? "")
                return replaced.contains(path) || localState.contains(path) || instructorsOnly.contains(path)
                    || Self.isBuildOrVersionControl(name) && !path.contains("/")
                    || courseFolders.contains(path)
            })
            for chapter in edition.chapters {
                try copyFile(chapter.lesson)
                for lesson in chapter.translatedLessons.values.sorted() { try copyFile(lesson) }
                for exercise in chapter.exercises {
                    for starter in exercise.starters {
                        try copyFile(starter)
                        try copyFile(starter, to: StarterReset.pristineFolder + "/" + starter)
                    }
                    for suite in exercise.suites where suite.visibility == .visible {
                        try copyFile(suite.path)
                    }
                }
            }
            try write(try courseXML(edition), to: "course.xml")
            try write(packageSwift(keeping: Set(published.map(\.module))), to: "Package.swift")
            try write(readme(edition), to: "README.md")
        } catch let error as GradingError {
            throw error
        } catch {
            throw GradingError("cannot write the student edition to \(destination): \(error.localizedDescription)")
        }
        return edition
    }

    /// `Tests/Exercises/ch/ex` -> `Tests/Exercises`, `Tests/basics/x` -> `Tests/basics`.
    private func topFolder(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count > 2 && parts[0] == "Tests" ? parts.prefix(2).joined(separator: "/") : String(parts[0])
    }

    /// Copies `folder` (relative, "" for the root) recursively, leaving out what `skipping` says.
    private func copyTree(_ folder: String, skipping: (String) -> Bool) throws {
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: folder.isEmpty ? root : root + "/" + folder).sorted() {
            let path = folder.isEmpty ? name : folder + "/" + name
            if skipping(path) { continue }
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                try manager.createDirectory(atPath: destination + "/" + path, withIntermediateDirectories: true)
                try copyTree(path, skipping: skipping)
            } else {
                try copyFile(path)
            }
        }
    }

    private func copyFile(_ path: String, to target: String? = nil) throws {
        let manager = FileManager.default
        let destinationPath = destination + "/" + (target ?? path)
        try manager.createDirectory(atPath: parentFolder(of: destinationPath), withIntermediateDirectories: true)
        try? manager.removeItem(atPath: destinationPath)
        try manager.copyItem(atPath: root + "/" + path, toPath: destinationPath)
    }

    private func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: destination + "/" + path))
    }

    /// The instructor's Package.swift with only the published exercises' lines in its course
    /// section (the lines themselves unchanged, so the edition's grader agrees with them).
    func packageSwift(keeping modules: Set<String>) throws -> String {
        let text = try String(contentsOfFile: root + "/Package.swift", encoding: .utf8)
        var inside = false
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingSpaces()
            if trimmed == PackageAgreement.begin { inside = true }
            if trimmed == PackageAgreement.end { inside = false }
            if inside, trimmed.hasPrefix(".exercise(\""),
               let module = trimmed.dropFirst(".exercise(\"".count).split(separator: "\"").first,
               !modules.contains(String(module)) {
                continue
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// course.xml of the edition, written from the course model with libxml2's writer (which
    /// escapes and balances what it writes). Translations keep the instructor's layout: first
    /// child, and each hint's translation right after it.
    func courseXML(_ course: Course) throws(GradingError) -> String {
        guard let xml = XMLTextWriter() else { throw GradingError("cannot write the edition's course.xml: libxml2 could not start a document") }
        xml.comment(" The student edition of the course, written by `grade publish`. Suites marked hidden are not\n     in this edition: they are graded in CI. ")
        xml.start("course")
        for (name, value) in [("id", course.id), ("title", course.title), ("version", course.version)] { xml.attribute(name, value) }
        if course.language != "en" { xml.attribute("xml:lang", course.language) }  // English is the default
        xml.attribute("edition", "student")
        for (language, title) in course.translatedTitles.sorted(by: { $0.key < $1.key }) {
            writeTranslation(xml, language: language, title: title)
        }
        for chapter in course.chapters {
            xml.start("chapter")
            for (name, value) in [("id", chapter.id), ("title", chapter.title), ("lesson", chapter.lesson), ("status", "published")] {
                xml.attribute(name, value)
            }
            for (language, title) in chapter.translatedTitles.sorted(by: { $0.key < $1.key }) {
                writeTranslation(xml, language: language, title: title, lesson: chapter.translatedLessons[language] ?? chapter.lesson)
            }
            for exercise in chapter.exercises { writeExercise(xml, exercise) }
            xml.end()
        }
        xml.end()
        guard let bytes = xml.finish() else { throw GradingError("cannot write the edition's course.xml: libxml2 could not write it") }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func writeExercise(_ xml: XMLTextWriter, _ exercise: Exercise) {
        xml.start("exercise")
        for (name, value) in [("id", exercise.id), ("title", exercise.title), ("module", exercise.module),
                              ("points", String(exercise.points)), ("timeout", formatSeconds(exercise.timeout.seconds))] {
            xml.attribute(name, value)
        }
        for (language, title) in exercise.translatedTitles.sorted(by: { $0.key < $1.key }) {
            writeTranslation(xml, language: language, title: title)
        }
        for starter in exercise.starters { xml.element("starter", text: starter) }
        for solution in exercise.solutions { xml.element("solution", text: solution) }
        for suite in exercise.suites + exercise.gradedInCI {
            xml.start("suite")
            for (name, value) in [("target", suite.target), ("framework", suite.framework.rawValue),
                                  ("visibility", suite.visibility.rawValue), ("path", suite.path)] {
                xml.attribute(name, value)
            }
            xml.end()
        }
        for (index, hint) in exercise.hints.enumerated() {
            xml.element("hint", text: hint)
            for (language, hints) in exercise.translatedHints.sorted(by: { $0.key < $1.key }) where index < hints.count {
                xml.element("hint", text: hints[index], attributes: [("xml:lang", language)])
            }
        }
        let checks = exercise.checks
        if checks != Checks() {
            xml.start("checks")
            for (name, value) in [("timing", checks.timing), ("race", checks.race), ("deadlock", checks.deadlock)] {
                xml.attribute(name, String(value))
            }
            xml.attribute("repetitions", String(checks.repetitions))
            if let explore = checks.explore { xml.attribute("explore", explore) }
            xml.end()
        }
        xml.end()
    }

    private func writeTranslation(_ xml: XMLTextWriter, language: String, title: String, lesson: String? = nil) {
        xml.start("translation")
        xml.attribute("xml:lang", language)
        xml.attribute("title", title)
        if let lesson { xml.attribute("lesson", lesson) }
        xml.end()
    }

    func readme(_ course: Course) -> String {
        var text = """
            # \(course.title)

            Version \(course.version). Each exercise is a Swift file to finish; the grader builds it and runs its tests.

            ```sh
            swift run grade                # grade every exercise
            swift run grade <exercise>     # grade one exercise (or a chapter)
            swift run grade list           # your progress per chapter
            swift run grade next           # the next exercise to work on
            swift run grade hint <exercise>   # one more hint each time you ask
            swift run grade reset <exercise>  # put the starter back as given
            ```

            ## Chapters


            """
        for chapter in course.chapters {
            text += "- **\(chapter.title)** (lesson: `\(chapter.lesson)`)\n"
            for exercise in chapter.exercises {
                let ci = exercise.suites.allSatisfy { $0.visibility == .hidden } ? " (graded in CI)" : ""
                text += "  - `\(exercise.id)`: \(exercise.title), \(exercise.points) points, edit `\(exercise.starters.joined(separator: "`, `"))`\(ci)\n"
            }
        }
        text += """

            Exercises marked "graded in CI" have hidden tests: they are graded when you submit, not by
            `swift run grade`. `swift build` (and your editor) shows whether they compile. The others
            have their tests in this repository.

            """
        if course.languages.contains("zh") { text += chineseReadme(course) }
        return text
    }

    /// The README's Chinese part, for an edition translated into Chinese: the same commands and
    /// chapters, with the Chinese titles and lessons.
    func chineseReadme(_ course: Course) -> String {
        var text = """

            ## 中文说明：\(course.title(in: "zh"))

            每个练习都是一个待补完的 Swift 文件；评分程序会构建它并运行它的测试。加上 `--lang zh`
            （或设置 `LANG=zh_CN.UTF-8`），评分程序就用中文显示报告、提示和进度。

            ```sh
            swift run grade --lang zh                # 给所有练习评分
            swift run grade hint <练习> --lang zh     # 每次多给一条提示
            swift run grade list --lang zh           # 按章查看进度
            ```


            """
        for chapter in course.chapters {
            text += "- **\(chapter.title(in: "zh"))**（课文：`\(chapter.lesson(in: "zh"))`）\n"
            for exercise in chapter.exercises {
                let ci = exercise.suites.allSatisfy { $0.visibility == .hidden } ? "（在 CI 中评分）" : ""
                text += "  - `\(exercise.id)`：\(exercise.title(in: "zh"))，\(exercise.points) 分，编辑 `\(exercise.starters.joined(separator: "`、`"))`\(ci)\n"
            }
        }
        return text
    }
}
