/// The course as `course.xml` describes it, after validation: what the other stages work from.
public struct Course: Sendable, Equatable {
    public var id: String
    public var title: String
    public var version: String
    public var chapters: [Chapter]
    /// A student edition (`grade publish`) has no solutions and no hidden suites.
    public var edition: Edition = .instructor

    public enum Edition: String, Sendable { case instructor, student }

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
    /// In a student edition: the hidden suites, which are not there and are graded in CI
    /// (`suites` then holds only the suites that are there).
    public var gradedInCI: [Suite] = []
    /// Where the exercise is declared in course.xml, for messages about it.
    public var location: SourceLocation

    /// The folder of the starter files (they all live in one, checked by the manifest reader).
    public var starterFolder: String { parentFolder(of: starters[0]) }
    /// The folder of the solution files.
    public var solutionFolder: String { parentFolder(of: solutions[0]) }
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
