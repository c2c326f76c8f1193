/// The course as `course.xml` describes it, after validation: what the other stages work from.
public struct Course: Sendable, Equatable {
    public var id: String
    public var title: String
    public var version: String
    public var chapters: [Chapter]
    /// A student edition (`grade publish`) has no solutions and no hidden suites.
    public var edition: Edition = .instructor

    public enum Edition: String, Sendable { case instructor, student }
    /// The language of the course's own texts (`<course xml:lang>`, English by default).
    public var language = "en"
    /// The course title in other languages, by language code (`<translation>`).
    public var translatedTitles: [String: String] = [:]

    /// Every exercise, in course order.
    public var exercises: [Exercise] {
        chapters.flatMap(\.exercises)
    }
}

/// A chapter: a lesson and its exercises.
public struct Chapter: Sendable, Equatable {
    public enum Status: String, Sendable { case draft, published }

    public var id: String
    public var title: String
    public var lesson: String
    public var status: Status
    public var exercises: [Exercise]
    /// The title in other languages, by language code (`<translation>`).
    public var translatedTitles: [String: String] = [:]
    /// The lesson file in other languages, by language code (`<translation lesson>`).
    public var translatedLessons: [String: String] = [:]
    /// Where the chapter is declared in course.xml, for messages about it.
    public var location = SourceLocation(file: "course.xml", line: 1, column: 1)
}

/// One exercise and everything the grader needs to grade it.
public struct Exercise: Sendable, Equatable {
    public var id: String
    public var chapterID: String
    public var title: String
    /// The Swift module the suites import, built from the starters or the solutions.
    public var module: String
    public var points: Int
    public var timeout: Duration
    public var starters: [String]
    public var solutions: [String]
    public var suites: [Suite]
    public var hints: [String]
    public var checks: Checks
    /// Wrong answers kept as fixtures, which the suites and checks must fail.
    public var mistakes: [Mistake] = []
    /// Correct answers written another way, which the suites and checks must pass.
    public var alternatives: [Alternative] = []
    /// In a student edition: the hidden suites, which are not there and are graded in CI
    /// (`suites` then holds only the suites that are there).
    public var gradedInCI: [Suite] = []
    /// Where the exercise is declared in course.xml, for messages about it.
    public var location: SourceLocation
    /// The title in other languages, by language code (`<translation>`).
    public var translatedTitles: [String: String] = [:]
    /// The hints in other languages, by language code (`<hint xml:lang>`), in the same order.
    public var translatedHints: [String: [String]] = [:]

    /// Mutants of the solution that are really correct (`grade mutate` does not count them).
    public var equivalentMutants: [EquivalentMutant] = []
    /// The share of its non-equivalent mutants the suites must kill (`grade verify --mutants`).
    public var mutationThreshold = 0.9

    /// The folder of the starter files (they all live in one, checked by the manifest reader).
    public var starterFolder: String { parentFolder(of: starters[0]) }
    /// The folder of the solution files.
    public var solutionFolder: String { parentFolder(of: solutions[0]) }
}

// Texts in the student's language. A text without a translation into that language falls back
// to the course's own: `grade verify` keeps the languages complete, so the fallback only shows
// for a language the course was never translated into.
extension Course {
    /// Every language the course has texts in, its own first.
    public var languages: [String] {
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

    public func title(in language: String) -> String { translatedTitles[language] ?? title }
}

extension Chapter {
    public func title(in language: String) -> String { translatedTitles[language] ?? title }
    public func lesson(in language: String) -> String { translatedLessons[language] ?? lesson }
}

extension Exercise {
    public func title(in language: String) -> String { translatedTitles[language] ?? title }
    public func hints(in language: String) -> [String] {
        guard let translated = translatedHints[language], translated.count == hints.count else { return hints }
        return translated
    }
}

/// A test target that tests one exercise.
public struct Suite: Sendable, Equatable {
    public enum Framework: String, Sendable { case xctest, swiftTesting = "swift-testing" }
    public enum Visibility: String, Sendable { case visible, hidden }

    public var target: String
    public var path: String
    public var framework: Framework
    public var visibility: Visibility
}

/// A wrong answer students really write: a folder with the solution's files, written wrongly.
public struct Mistake: Sendable, Equatable {
    public var id: String
    public var folder: String
    /// What is wrong with it, in the instructor's words.
    public var explanation: String
    /// Where it is declared in course.xml.
    public var location: SourceLocation
}

/// A correct answer written another way than the reference solution: a folder with the
/// solution's files. Graded like a mistake (`MistakeGrading`), but it must pass.
public struct Alternative: Sendable, Equatable {
    public var id: String
    public var folder: String
    /// How it differs from the reference solution, in the instructor's words.
    public var explanation: String
    /// Where it is declared in course.xml.
    public var location: SourceLocation
}

/// A mutant that survives the suites because it is correct, with the instructor's reason.
public struct EquivalentMutant: Sendable, Equatable {
    /// The mutant's name as `grade mutate` prints it (`File.swift:line:operator`).
    public var mutant: String
    public var reason: String
    public var location: SourceLocation
}

/// The concurrency checks an exercise asks for (carried out by the checks stage, issue 5).
public struct Checks: Sendable, Equatable {
    public var timing = false
    public var race = false
    public var deadlock = false
    public var repetitions = 1
    /// The runtime's explorer for every `CourseChecks.explore` of the suites: "strategy:budget"
    /// ("pct:2000"), passed as `MULTITASKING_EXPLORE`; nil leaves each call's own.
    public var explore: String?
}

/// A place in a file, printed the way compilers print it so editors can jump to it.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        (self.file, self.line, self.column) = (file, line, column)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
}
