import Foundation

/// Checks that `Package.swift` declares exactly the exercises of `course.xml`, with the same
/// folders and suite targets, so an exercise can never be graded against a target that does
/// not exist or be left out of the package silently.
///
/// Why read the text: the list sits between two marker lines in a fixed one-line form, made to
/// be checked and pasted; asking SwiftPM (`swift package dump-package`) would cost a manifest
/// evaluation on every run, and the fast loop has a budget of a few seconds.
package struct PackageAgreement: Sendable {
    /// One `.exercise(...)` line of Package.swift.
    struct Entry: Equatable {
        var module: String
        var starter: String
        var solution: String
        var suites: [String: String]
        var line: Int
    }

    package var root: String

    package init(root: String) {
        self.root = root
    }

    static let begin = "// BEGIN course exercises"
    static let end = "// END course exercises"

    /// Every disagreement, one line each, saying what to change.
    package func problems(for course: Course) -> [Problem] {
        guard let data = FileManager.default.contents(atPath: root + "/Package.swift") else {
            return [Problem("cannot read Package.swift at the package root \(root)", at: "Package.swift")]
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0.trimmingSpaces() == Self.begin }),
              let last = lines.firstIndex(where: { $0.trimmingSpaces() == Self.end }), first < last
        else {
            return [Problem("no '\(Self.begin)' ... '\(Self.end)' section; expected the course's exercises listed between those two lines", at: "Package.swift")]
        }
        var entries: [String: Entry] = [:]
        var problems: [Problem] = []
        for index in (first + 1)..<last where lines[index].trimmingSpaces().hasPrefix(".exercise(") {
            let strings = quotedStrings(in: lines[index])
            guard strings.count >= 5, strings.count % 2 == 1 else {
                problems.append(Problem("cannot read this exercise line; expected .exercise(\"Module\", starter: \"...\", solution: \"...\", suites: [(\"Target\", \"path\")])", at: "Package.swift:\(index + 1):1"))
                continue
            }
            var suites: [String: String] = [:]
            for pair in stride(from: 3, to: strings.count, by: 2) { suites[strings[pair]] = strings[pair + 1] }
            entries[strings[0]] = Entry(module: strings[0], starter: strings[1], solution: strings[2], suites: suites, line: index + 1)
        }
        for exercise in course.exercises {
            let expected = Entry(
                module: exercise.module, starter: exercise.starterFolder, solution: exercise.solutionFolder,
                suites: Dictionary(uniqueKeysWithValues: (exercise.suites + exercise.gradedInCI).map { ($0.target, $0.path) }), line: 0)
            guard var entry = entries.removeValue(forKey: exercise.module) else {
                problems.append(Problem("course.xml has exercise '\(exercise.id)' (module \(exercise.module)) but Package.swift does not list it; add this line before '\(Self.end)':\n    \(Self.line(for: exercise))", at: "Package.swift:\(last + 1):1"))
                continue
            }
            let line = entry.line
            entry.line = 0
            if entry != expected {
                problems.append(Problem("the line for module \(exercise.module) disagrees with course.xml (exercise '\(exercise.id)'); expected:\n    \(Self.line(for: exercise))", at: "Package.swift:\(line):1"))
            }
        }
        for entry in entries.values.sorted(by: { $0.line < $1.line }) {
            problems.append(Problem("Package.swift lists module \(entry.module) but course.xml has no exercise with module=\"\(entry.module)\"; remove the line or add the exercise to course.xml", at: "Package.swift:\(entry.line):1"))
        }
        return problems
    }

    /// The Package.swift line that declares `exercise`.
    package static func line(for exercise: Exercise) -> String {
        let suites = (exercise.suites + exercise.gradedInCI).map { "(\"\($0.target)\", \"\($0.path)\")" }.joined(separator: ", ")
        return ".exercise(\"\(exercise.module)\", starter: \"\(exercise.starterFolder)\", solution: \"\(exercise.solutionFolder)\", suites: [\(suites)]),"
    }

    private func quotedStrings(in line: Substring) -> [String] {
        var strings: [String] = []
        var current: String?
        for character in line {
            if character == "\"" {
                if let finished = current { strings.append(finished); current = nil } else { current = "" }
            } else if current != nil {
                current!.append(character)
            }
        }
        return strings
    }
}
