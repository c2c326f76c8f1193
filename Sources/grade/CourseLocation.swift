import ArgumentParser
import Foundation
import Grading

/// The options every subcommand shares: where the course is, and the language to speak.
struct CourseLocation: ParsableArguments {
    @Option(help: ArgumentHelp("The course's package folder (default: found from the working directory).", valueName: "path"))
    var packagePath: String?

    @Option(name: .customLong("lang"), help: ArgumentHelp("The language of messages, titles and hints: en or zh (default: from LC_ALL, LC_MESSAGES or LANG, else en).", valueName: "language"))
    var languageOption: Language?

    /// `--lang`, else the locale's language, else English.
    var language: Language { Language.chosen(option: languageOption, environment: environment) }

    func root() throws(GradingError) -> String {
        try Grader.findRoot(from: packagePath ?? FileManager.default.currentDirectoryPath, language: language)
    }

    func stateFolder(root: String) -> String { StateFolder.of(root) }

    func course(root: String) throws(GradingError) -> Course {
        try ManifestReader(root: root).read()
    }
}

extension Language: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument)
    }
}

/// The one exercise an id names, or a usage error (chapters are not accepted here).
func findExercise(_ id: String, in course: Course, command: String, language: Language = .en) throws(GradingError) -> Exercise {
    if let exercise = course.exercises.first(where: { $0.id == id }) { return exercise }
    let words = Localizer(language)
    if let chapter = course.chapters.first(where: { $0.id == id }) {
        let exercises = chapter.exercises.map(\.id).joined(separator: ", ")
        throw GradingError(Problem(words[.isAChapter, ["id": id, "command": command, "exercises": exercises]], label: words[.errorLabel]))
    }
    throw GradingError(GradingPlan.unknown(id, in: course, language: language))
}

/// Runs `body`; a `GradingError` is printed to standard error and exits with 2, anything else
/// the body returns is the exit status.
func runCommand(_ body: () throws(GradingError) -> Int32) throws -> Never {
    let status: Int32
    do throws(GradingError) {
        status = try body()
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        status = 2
    }
    throw ExitCode(status)
}

var environment: [String: String] { ProcessInfo.processInfo.environment }
