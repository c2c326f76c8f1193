import Foundation

/// The manifest checks a schema cannot express: ids and modules used once, files that exist,
/// suites with tests in them, an exercise's files in one folder each.
struct ManifestConsistency {
    let root: String
    let displayName: String
    let text: SourceText

    func problems(in course: Course) -> [Problem] {
        var problems: [Problem] = []
        var firstUse: [String: SourceLocation] = [:]
        var firstModule: [String: SourceLocation] = [:]
        var firstTarget: [String: SourceLocation] = [:]

        func place(_ needle: String, from line: Int) -> SourceLocation {
            let found = text.location(of: needle, from: line) ?? (line, 1)
            return SourceLocation(file: displayName, line: found.line, column: found.column)
        }
        func claim(_ key: String, kind: String, at location: SourceLocation, in table: inout [String: SourceLocation]) {
            if let first = table[key] {
                problems.append(Problem("duplicate \(kind) '\(key)'; it is already used at \(first)", at: "\(location)"))
            } else {
                table[key] = location
            }
        }

        for chapter in course.chapters {
            let chapterLocation = place("id=\"\(chapter.id)\"", from: 1)
            claim(chapter.id, kind: "id", at: chapterLocation, in: &firstUse)
            if !isFile(chapter.lesson) {
                problems.append(Problem("lesson file '\(chapter.lesson)' of chapter '\(chapter.id)' does not exist", at: "\(place(chapter.lesson, from: chapterLocation.line))"))
            }
            for exercise in chapter.exercises {
                let line = exercise.location.line
                claim(exercise.id, kind: "id", at: place("id=\"\(exercise.id)\"", from: line), in: &firstUse)
                claim(exercise.module, kind: "module", at: place("module=\"\(exercise.module)\"", from: line), in: &firstModule)
                for (kind, files) in [("starter", exercise.starters), ("solution", exercise.solutions)] {
                    // A student edition has no solutions (see StudentEdition.swift).
                    for file in files where !isFile(file) && !(course.edition == .student && kind == "solution") {
                        problems.append(Problem("\(kind) file '\(file)' of exercise '\(exercise.id)' does not exist", at: "\(place(file, from: line))"))
                    }
                    let folders = Set(files.map(parentFolder(of:)))
                    if folders.count > 1 {
                        problems.append(Problem("the \(kind) files of exercise '\(exercise.id)' are in several folders (\(folders.sorted().joined(separator: ", "))); expected one folder, which is the exercise's target", at: "\(exercise.location)"))
                    }
                }
                if exercise.starterFolder == exercise.solutionFolder {
                    problems.append(Problem("exercise '\(exercise.id)' has its starter and solution in the same folder '\(exercise.starterFolder)'; expected two folders", at: "\(exercise.location)"))
                }
                for (kind, fixtures) in [("mistakes", exercise.mistakes), ("alternatives", exercise.alternatives)] {
                    problems += fixtureProblems(fixtures, kind: kind, of: exercise, place: place)
                }
                for suite in exercise.suites {
                    let location = place("target=\"\(suite.target)\"", from: line)
                    claim(suite.target, kind: "suite target", at: location, in: &firstTarget)
                    if !hasSwiftFiles(suite.path) && !(course.edition == .student && suite.visibility == .hidden) {
                        problems.append(Problem("suite '\(suite.target)' of exercise '\(exercise.id)' has no tests: no Swift files in '\(suite.path)'", at: "\(place(suite.path, from: line))"))
                    }
                }
            }
        }
        return problems + reservedIDProblems(in: course)
    }

    /// Ids used once among an exercise's mistakes (or alternatives), and every fixture's files
    /// there: a folder with each solution file, or a patch that applies to the solution.
    private func fixtureProblems(
        _ fixtures: [Fixture], kind: String, of exercise: Exercise, place: (String, Int) -> SourceLocation
    ) -> [Problem] {
        var problems: [Problem] = []
        var ids = Set<String>()
        for fixture in fixtures {
            let location = place("path=\"\(fixture.path)\"", fixture.location.line)
            if !ids.insert(fixture.id).inserted {
                problems.append(Problem("exercise '\(exercise.id)' has two \(kind) with id '\(fixture.id)'", at: "\(location)"))
            }
            do {
                _ = try fixture.files(of: exercise, root: root, declaredAt: location.description)
            } catch {
                problems += error.found
            }
        }
        return problems
    }

    private func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }

    private func hasSwiftFiles(_ folder: String) -> Bool {
        guard let files = FileManager.default.enumerator(atPath: root + "/" + folder) else { return false }
        return files.contains { ($0 as? String)?.hasSuffix(".swift") == true }
    }
}
