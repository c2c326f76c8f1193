import ArgumentParser
import Foundation
import Grading

/// `swift run grade`: grades the course's exercises and reports to the terminal and JUnit XML.
/// Exit status: 0 everything passed, 1 something failed, 2 usage or manifest error.
///
/// The root command only dispatches: grading is the default subcommand, so `grade <id>...`
/// works as is and later commands (watch, list, hint, verify, publish) sit beside it.
@main
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Build and test the course's exercises, and report verdicts and points.",
        discussion: """
            grade [<ids> ...] [--solutions] [--junit <path>] [--format terminal|json] [--shard K/N]
                  [--hidden-tests <folder>] [--seed <seed>] [--schedule <schedule>] [--no-cache]
                  [--package-path <path>]

            With no ids, grades every exercise. Ids are exercise or chapter ids from course.xml.
            --solutions grades the reference solutions, --junit also writes a JUnit XML report,
            --no-cache rebuilds and re-runs unchanged exercises too, --seed replays a run of the
            race and deadlock checks with the seed a report gave, --schedule replays the explorer's
            schedule a failure gave and prints its timeline. Details: grade help exercises.
            Exit status: 0 everything passed, 1 something failed, 2 usage or manifest error.
            """,
        version: Grader.toolVersion,
        subcommands: [GradeExercises.self, GradeList.self, GradeNext.self, GradeHint.self, GradeReset.self, GradeVerify.self, GradePublish.self, GradeNew.self, GradeWatch.self],
        defaultSubcommand: GradeExercises.self)

    /// Usage errors exit with 2, as the grader's other errors before grading do (argument
    /// parser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// `grade [ids...]`: the grading run.
struct GradeExercises: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises",
        abstract: "Grade exercises (the default command).")

    @Argument(help: "Exercise or chapter ids to grade (default: all).")
    var ids: [String] = []

    @Flag(help: "Grade the reference solutions instead of the starters (for instructors).")
    var solutions = false

    @Option(name: .customLong("junit"), help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "path"))
    var junitPath: String?

    @Flag(help: "Rebuild and re-run every chosen exercise, ignoring results of earlier runs.")
    var noCache = false

    @Option(help: ArgumentHelp("The report on standard output: terminal, or json (a machine-readable summary).", valueName: "format"))
    var format: ReportFormat = .terminal

    @Option(help: ArgumentHelp("Grade only shard K of N (for parallel CI jobs), for example 2/4.", valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Grade this student repository with the instructor's course in this folder (its hidden suites), for CI.", valueName: "folder"))
    var hiddenTests: String?

    @Option(help: ArgumentHelp("Replay one run with this perturbation seed (a report's \"replay\" line gives it).", valueName: "seed"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Replay one explorer schedule (a failure's \"Schedule:\" line gives it) and print its timeline.", valueName: "schedule"))
    var schedule: String?

    @Option(help: ArgumentHelp("The course's package folder (default: found from the working directory).", valueName: "path"))
    var packagePath: String?

    func run() throws {
        installInterruptHandler()
        let progress = ProgressLine()
        let status: Int32
        do throws(GradingError) {
            if let junitPath { try JUnitReport.checkDestination(absolute(junitPath)) }
            var root = try Grader.findRoot(from: packagePath ?? FileManager.default.currentDirectoryPath)
            var chosen = ids
            var workspaceLock: GradeRunLock?
            defer { withExtendedLifetime(workspaceLock) {} }
            if let hiddenTests {
                // The copy is rewritten before grading: one grader at a time prepares it.
                workspaceLock = try GradeRunLock(folder: root + "/.build-grade/hidden-tests") {
                    FileHandle.standardError.write(Data(($0 + "\n").utf8))
                }
                let workspace = HiddenTestsWorkspace(studentRoot: root, instructorRoot: URL(fileURLWithPath: absolute(hiddenTests)).standardizedFileURL.path)
                let prepared = try workspace.prepare()
                root = workspace.workRoot
                if chosen.isEmpty {
                    chosen = prepared.exerciseIDs
                    let chapters = workspace.chaptersNotHandedOut(of: prepared.course)
                    if let note = HiddenTestsWorkspace.notHandedOutNote(missing: chapters.missing, handedOut: chapters.handedOut, instructorFolder: hiddenTests) {
                        FileHandle.standardError.write(Data((note + "\n").utf8))
                    }
                }
            }
            if let shard {
                chosen = try shardIDs(Shard(shard), root: root, ids: chosen)
            }
            var options = Grader.Options(root: root, ids: chosen, sources: solutions ? .solutions : .starters)
            options.useCache = !noCache
            options.seed = seed
            options.schedule = schedule
            let outcome = try Grader(options: options) { progress.show($0) }.run()
            progress.clear()
            switch format {
            case .terminal:
                print(TerminalReport(outcome: outcome, style: .detect(environment: ProcessInfo.processInfo.environment), root: root).text, terminator: "")
                if let note = StudentEdition.ciNote(for: outcome.course) { print(note, terminator: "") }
            case .json:
                print(JSONSummary(outcome: outcome).text, terminator: "")
            }
            if GitHubAnnotations.enabled(environment: ProcessInfo.processInfo.environment) {
                // The runner reads workflow commands from both streams; with JSON on standard
                // output they go to standard error, so the JSON stays valid.
                let annotations = GitHubAnnotations(outcome: outcome).text
                if format == .json {
                    FileHandle.standardError.write(Data(annotations.utf8))
                } else {
                    print(annotations, terminator: "")
                }
            }
            if let junitPath {
                try JUnitReport(outcome: outcome).write(to: absolute(junitPath))
                if format == .terminal { print("JUnit report: \(junitPath)") }
            }
            status = outcome.exitCode
        } catch {
            progress.clear()
            // The report printed so far comes first, then the error (a JUnit file that could
            // not be written after grading), in a log that merges both streams.
            fflush(nil)
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            status = 2
        }
        throw ExitCode(status)
    }

    /// The ids of the exercises of `shard` (of the chosen ids, or the whole course).
    private func shardIDs(_ shard: Shard, root: String, ids: [String]) throws(GradingError) -> [String] {
        let course = try ManifestReader(root: root).read()
        let plan = try GradingPlan(course: course, ids: ids, sources: .starters)
        let part = shard.select(plan.exercises).map(\.id)
        // Grading no ids would grade everything: an empty shard is a mistake in the CI matrix.
        if part.isEmpty {
            let count = plan.exercises.count
            throw GradingError("error: shard \(shard.index)/\(shard.count) would grade nothing: the selection has \(count) exercise\(count == 1 ? "" : "s") for \(shard.count) shards; use at most \(count) shard\(count == 1 ? "" : "s")")
        }
        return part
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case terminal, json
}
