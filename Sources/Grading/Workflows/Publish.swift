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
public struct CoursePublisher: Sendable {
    public var root: String
    public var destination: String
    /// Chapter ids to publish; empty: every chapter with status="published".
    public var chapterIDs: [String]

    public init(root: String, destination: String, chapterIDs: [String] = []) {
        (self.root, self.destination, self.chapterIDs) = (root, destination, chapterIDs)
    }

    /// Top-level items never copied: version control, build state, editor state.
    static func isBuildOrVersionControl(_ name: String) -> Bool {
        name == ".git" || name.hasPrefix(".build") || name == ".swiftpm" || name == ".course"
    }

    /// The chapters the options choose, or an error naming what cannot be published.
    public func chapters(of course: Course) throws(GradingError) -> [Chapter] {
        if chapterIDs.isEmpty {
            let published = course.chapters.filter { $0.status == .published }
            if published.isEmpty {
                throw GradingError("error: no chapter of course.xml has status=\"published\"; publish one, or name chapters with --chapter")
            }
            return published
        }
        var problems: [String] = []
        for id in chapterIDs {
            if let chapter = course.chapters.first(where: { $0.id == id }) {
                if chapter.status == .draft {
                    problems.append("error: chapter '\(id)' is a draft; set status=\"published\" on it in course.xml to publish it")
                }
            } else if course.exercises.contains(where: { $0.id == id }) {
                problems.append("error: '\(id)' is an exercise; --chapter takes chapter ids: \(course.chapters.map(\.id).joined(separator: ", "))")
            } else {
                problems.append(GradingPlan.unknown(id, in: course).replacingOccurrences(of: "no exercise or chapter", with: "no chapter"))
            }
        }
        if !problems.isEmpty { throw GradingError(problems) }
        return course.chapters.filter { chapterIDs.contains($0.id) }
    }

    /// Writes the edition; returns the course it holds.
    @discardableResult
    public func publish() throws(GradingError) -> Course {
        let course = try ManifestReader(root: root).read()
        let disagreements = PackageAgreement(root: root).problems(for: course)
        if !disagreements.isEmpty { throw GradingError(disagreements) }
        let chapters = try chapters(of: course)
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: destination), !existing.isEmpty {
            throw GradingError("error: \(destination) is not empty; publish into a new or empty folder")
        }
        if destination == root || destination.hasPrefix(root + "/") && !destination.hasPrefix(root + "/.build") {
            throw GradingError("error: cannot publish into the course itself (\(destination)); choose a folder outside it")
        }

        var edition = course
        edition.chapters = chapters.map { chapter in
            var chapter = chapter
            chapter.exercises = chapter.exercises.map { exercise in
                var exercise = exercise
                exercise.mistakes = []
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
            for mistake in exercise.mistakes { courseFolders.insert(topFolder(mistake.folder)) }
        }
        courseFolders.insert("Tests/Mistakes")
        let replaced: Set<String> = ["course.xml", "Package.swift", "README.md"]
        // The instructor's resolved dependency versions are local state, like .build: the
        // edition's .gitignore leaves it out, so a student who clones the edition never has it.
        // (Not in `isBuildOrVersionControl`: the --hidden-tests copy keeps it, to build with the
        // versions the instructor built with.)
        let localState: Set<String> = ["Package.resolved"]
        do {
            try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            try copyTree("", skipping: { path in
                let name = String(path.split(separator: "/").last ?? "")
                return replaced.contains(path) || localState.contains(path)
                    || Self.isBuildOrVersionControl(name) && !path.contains("/")
                    || courseFolders.contains(path)
            })
            for chapter in edition.chapters {
                try copyFile(chapter.lesson)
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
            try write(courseXML(edition), to: "course.xml")
            try write(packageSwift(keeping: Set(published.map(\.module))), to: "Package.swift")
            try write(readme(edition), to: "README.md")
        } catch let error as GradingError {
            throw error
        } catch {
            throw GradingError("error: cannot write the student edition to \(destination): \(error.localizedDescription)")
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

    /// course.xml of the edition, written from the course model.
    func courseXML(_ course: Course) -> String {
        func escaped(_ text: String) -> String {
            text.xmlSafe.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<!-- The student edition of the course, written by `grade publish`. Suites marked hidden are not",
            "     in this edition: they are graded in CI. -->",
            #"<course id="\#(escaped(course.id))" title="\#(escaped(course.title))" version="\#(escaped(course.version))" edition="student">"#,
        ]
        for chapter in course.chapters {
            lines.append(#"  <chapter id="\#(chapter.id)" title="\#(escaped(chapter.title))" lesson="\#(escaped(chapter.lesson))" status="published">"#)
            for exercise in chapter.exercises {
                let seconds = formatSeconds(exercise.timeout.seconds)
                lines.append(#"    <exercise id="\#(exercise.id)" title="\#(escaped(exercise.title))" module="\#(exercise.module)" points="\#(exercise.points)" timeout="\#(seconds)">"#)
                lines += exercise.starters.map { "      <starter>\(escaped($0))</starter>" }
                lines += exercise.solutions.map { "      <solution>\(escaped($0))</solution>" }
                for suite in exercise.suites + exercise.gradedInCI {
                    lines.append(#"      <suite target="\#(suite.target)" framework="\#(suite.framework.rawValue)" visibility="\#(suite.visibility.rawValue)" path="\#(escaped(suite.path))"/>"#)
                }
                lines += exercise.hints.map { "      <hint>\(escaped($0))</hint>" }
                let checks = exercise.checks
                if checks != Checks() {
                    lines.append(#"      <checks timing="\#(checks.timing)" race="\#(checks.race)" deadlock="\#(checks.deadlock)" repetitions="\#(checks.repetitions)"\#(checks.explore.map { #" explore="\#($0)""# } ?? "")/>"#)
                }
                lines.append("    </exercise>")
            }
            lines.append("  </chapter>")
        }
        lines.append("</course>")
        return lines.joined(separator: "\n") + "\n"
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
        return text
    }
}
