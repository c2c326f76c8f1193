import ArgumentParser
import Foundation
import Grading

/// `grade [ids...]`: the grading run, and its reports (terminal or JSON, JUnit, GitHub
/// annotations).
struct GradeExercises: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises",
        abstract: "Grade exercises (the default command).",
        discussion: """
            Examples:
              grade                                         every exercise, the one you are on first
              grade threads --verbose                       a chapter, with every exercise's details
              grade racy-counter --seed 4242                replay a race check's run
              grade --solutions                             the reference solutions (instructors)
              grade --junit report.xml --format json        for CI: JUnit and a JSON summary
              grade --shard 2/4 --junit report-2.xml        the 2nd of 4 parallel CI jobs
              grade --lang zh                               the report in Chinese (or LANG=zh_CN.UTF-8)
            """)

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
    var shard: Shard?

    @Option(help: ArgumentHelp("Grade this student repository with the instructor's course in this folder (its hidden suites), for CI.", valueName: "folder"))
    var hiddenTests: String?

    @Option(help: ArgumentHelp("Replay one run with this perturbation seed (a report's \"replay\" line gives it).", valueName: "seed"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Replay one explorer schedule (a failure's \"Schedule:\" line gives it) and print its timeline.", valueName: "schedule"))
    var schedule: String?

    @Flag(name: .shortAndLong, help: "Show every exercise's details (failures, hints, timing figures), not only those of the exercise you are on.")
    var verbose = false

    @OptionGroup var location: CourseLocation

    func validate() throws {
        if let problem = shard?.problem { throw ValidationError(problem) }
    }

    func run() throws {
        installInterruptHandler()
        let progress = ProgressLine()
        let status: Int32
        do throws(GradingError) {
            if let junitPath { try JUnitReport.checkDestination(absolute(junitPath)) }
            var workspaceLock: GradeRunLock?
            defer { withExtendedLifetime(workspaceLock) {} }
            let (root, chosen) = try selection(holding: &workspaceLock)
            let outcome = try grader(root: root, ids: chosen, progress: progress).run()
            progress.clear()
            try report(outcome, root: root)
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

    /// The course to grade and the ids in it: the student's checkout, or with `--hidden-tests`
    /// a copy of the instructor's course holding the student's starters; then this shard's part.
    private func selection(holding workspaceLock: inout GradeRunLock?) throws(GradingError) -> (root: String, ids: [String]) {
        var root = try location.root()
        var chosen = ids
        if let hiddenTests {
            // The copy is rewritten before grading: one grader at a time prepares it.
            workspaceLock = try GradeRunLock(folder: StateFolder.of(root) + "/hidden-tests") {
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
            chosen = try shardIDs(shard, root: root, ids: chosen)
        }
        return (root, chosen)
    }

    /// The grader for this command line; at a terminal it shows the exercise the student is on
    /// first, before the rest of the course is graded.
    private func grader(root: String, ids chosen: [String], progress: ProgressLine) -> Grader {
        var options = Grader.Options(root: root, ids: chosen, sources: solutions ? .solutions : .starters)
        options.useCache = !noCache
        options.seed = seed
        options.schedule = schedule
        options.current = leftOffAt(root: root)
        options.language = language
        var grader = Grader(options: options) { progress.show($0) }
        if format == .terminal, details == .focus, isatty(STDOUT_FILENO) == 1 {
            let lines = ExerciseLines(style: style, root: root, language: language)
            grader.firstVerdict = { result, exercise in
                progress.clear()
                print(lines.earlyVerdict(result, exercise: exercise), terminator: "")
                fflush(nil)
            }
        }
        return grader
    }

    private var style: TerminalStyle { .detect(environment: ProcessInfo.processInfo.environment) }

    /// `--lang`, else the locale's language: the report's words, titles and hints.
    private var language: Language { location.language }

    /// Exercises named on the command line are shown in full; a whole course, one line each.
    private var details: TerminalReport.Details { verbose || !ids.isEmpty ? .all : .focus }

    private func report(_ outcome: GradingOutcome, root: String) throws(GradingError) {
        switch format {
        case .terminal:
            print(TerminalReport(outcome: outcome, style: style, root: root, details: details, language: language).text, terminator: "")
            if let note = StudentEdition.ciNote(for: outcome.course, language: language) { print(note, terminator: "") }
        case .json:
            print(JSONSummary(outcome: outcome, language: language).text, terminator: "")
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
            try JUnitReport(outcome: outcome, language: language).write(to: absolute(junitPath))
            if format == .terminal { print(Localizer(language)[.reportJUnit, ["path": junitPath]]) }
        }
    }

    /// The ids of the exercises of `shard` (of the chosen ids, or the whole course).
    private func shardIDs(_ shard: Shard, root: String, ids: [String]) throws(GradingError) -> [String] {
        let course = try ManifestReader(root: root).read()
        let plan = try GradingPlan(course: course, ids: ids, sources: .starters)
        let part = shard.select(plan.exercises).map(\.id)
        // Grading no ids would grade everything: an empty shard is a mistake in the CI matrix.
        if part.isEmpty {
            let count = plan.exercises.count
            throw GradingError("shard \(shard.index)/\(shard.count) would grade nothing: the selection has \(count) exercise\(count == 1 ? "" : "s") for \(shard.count) shards; use at most \(count) shard\(count == 1 ? "" : "s")")
        }
        return part
    }

    /// Where the student left off: the exercise last graded alone (recorded here) or watched.
    private func leftOffAt(root: String) -> String? {
        let state = StateFolder.of(root)
        var progress = ProgressState.load(stateFolder: state)
        if hiddenTests == nil, ids.count == 1, let course = try? ManifestReader(root: root).read(),
           course.exercises.contains(where: { $0.id == ids[0] }) {
            progress.current = ids[0]
            try? progress.save(stateFolder: state)
        }
        return progress.current
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case terminal, json
}

/// `--shard K/N` parses itself; whether K and N fit is `GradeExercises.validate()`'s to say.
extension Shard: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}
