/// The course as `course.xml` describes it, after validation: what the other stages work from.
package struct Course: Sendable, Equatable {
    package var id: String
    package var title: String
    package var version: String
    package var chapters: [Chapter]
    /// A student edition (`grade publish`) has no solutions and no hidden suites.
    package var edition: Edition = .instructor

    package enum Edition: String, Sendable { case instructor, student }
    /// The language of the course's own texts (`<course xml:lang>`, English by default).
    package var language = "en"
    /// The course title in other languages, by language code (`<translation>`).
    package var translatedTitles: [String: String] = [:]

    /// Every exercise, in course order.
    package var exercises: [Exercise] {
        chapters.flatMap(\.exercises)
    }
}

/// A chapter: a lesson and its exercises.
package struct Chapter: Sendable, Equatable {
    package enum Status: String, Sendable { case draft, published }

    package var id: String
    package var title: String
    package var lesson: String
    package var status: Status
    package var exercises: [Exercise]
    /// The title in other languages, by language code (`<translation>`).
    package var translatedTitles: [String: String] = [:]
    /// The lesson file in other languages, by language code (`<translation lesson>`).
    package var translatedLessons: [String: String] = [:]
    /// Where the chapter is declared in course.xml, for messages about it.
    package var location = SourceLocation(file: "course.xml", line: 1, column: 1)
}

/// One exercise and everything the grader needs to grade it.
package struct Exercise: Sendable, Equatable {
    package var id: String
    package var chapterID: String
    package var title: String
    /// The Swift module the suites import, built from the starters or the solutions.
    package var module: String
    package var points: Int
    package var timeout: Duration
    package var starters: [String]
    package var solutions: [String]
    package var suites: [Suite]
    package var hints: [String]
    package var checks: Checks
    /// Wrong answers kept as fixtures, which the suites and checks must fail.
    package var mistakes: [Fixture] = []
    /// Correct answers written another way, which the suites and checks must pass.
    package var alternatives: [Fixture] = []
    /// In a student edition: the hidden suites, which are not there and are graded in CI
    /// (`suites` then holds only the suites that are there).
    package var gradedInCI: [Suite] = []
    /// Where the exercise is declared in course.xml, for messages about it.
    package var location: SourceLocation
    /// The title in other languages, by language code (`<translation>`).
    package var translatedTitles: [String: String] = [:]
    /// The hints in other languages, by language code (`<hint xml:lang>`), in the same order.
    package var translatedHints: [String: [String]] = [:]

    /// Mutants of the solution that are really correct (`grade mutate` does not count them).
    package var equivalentMutants: [EquivalentMutant] = []
    /// The share of its non-equivalent mutants the suites must kill (`grade verify --mutants`).
    package var mutationThreshold = 0.9

    /// The folder of the starter files (they all live in one, checked by the manifest reader).
    package var starterFolder: String { parentFolder(of: starters[0]) }
    /// The folder of the solution files.
    package var solutionFolder: String { parentFolder(of: solutions[0]) }
}

// Texts in the student's language. A text without a translation into that language falls back
// to the course's own: `grade verify` keeps the languages complete, so the fallback only shows
// for a language the course was never translated into.
extension Course {
    /// Every language the course has texts in, its own first.
    package var languages: [String] {
        var others = Set(translatedTitles.keys)
        for chapter in chapters {
            others.formUnion(chapter.translatedTitles.keys)
            others.formUnion(chapter.translatedLessons.keys)
            for exercise in chapter.exercises {
                others.formUnion(exercise.translatedTitles.keys)
                others.formUnion(exercise.translatedHints.keys)
            }
        }
        others.remove(language)
        return [language] + others.sorted()
    }

    package func title(in language: String) -> String { translatedTitles[language] ?? title }
}

extension Chapter {
    package func title(in language: String) -> String { translatedTitles[language] ?? title }
    package func lesson(in language: String) -> String { translatedLessons[language] ?? lesson }
}

extension Exercise {
    package func title(in language: String) -> String { translatedTitles[language] ?? title }
    package func hints(in language: String) -> [String] {
        guard let translated = translatedHints[language], translated.count == hints.count else { return hints }
        return translated
    }
}

/// A test target that tests one exercise.
package struct Suite: Sendable, Equatable {
    package enum Framework: String, Sendable { case xctest, swiftTesting = "swift-testing" }
    package enum Visibility: String, Sendable { case visible, hidden }

    package var target: String
    package var path: String
    package var framework: Framework
    package var visibility: Visibility
}

/// A fixture of `grade verify`: a wrong answer students really write (`<mistake>`), which the
/// suites must fail, or a correct answer written another way than the reference solution
/// (`<alternative>`), which they must pass. `path` is a patch of the solution folder (a unified
/// diff, `.patch`) or a folder with all of the solution's files written that way.
package struct Fixture: Sendable, Equatable {
    package var id: String
    package var path: String
    /// What is wrong with it, or how it differs, in the instructor's words.
    package var explanation: String
    /// Where it is declared in course.xml.
    package var location: SourceLocation

    /// A patch of the solution rather than a folder of whole files.
    package var isPatch: Bool { path.hasSuffix(".patch") }
}

/// A mutant that survives the suites because it is correct, with the instructor's reason.
package struct EquivalentMutant: Sendable, Equatable {
    /// The mutant's name as `grade mutate` prints it (`File.swift:line:operator`).
    package var mutant: String
    package var reason: String
    package var location: SourceLocation
}

/// The concurrency checks an exercise asks for (carried out by the checks stage, issue 5).
package struct Checks: Sendable, Equatable {
    package var timing = false
    package var race = false
    package var deadlock = false
    package var repetitions = 1
    /// The runtime's explorer for every `CourseChecks.explore` of the suites: "strategy:budget"
    /// ("pct:2000"), passed as `MULTITASKING_EXPLORE`; nil leaves each call's own.
    package var explore: String?
}

/// A place in a file, printed the way compilers print it so editors can jump to it.
package struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int

    package init(file: String, line: Int, column: Int) {
        (self.file, self.line, self.column) = (file, line, column)
    }

    package var description: String { "\(file):\(line):\(column)" }
}

func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
}
