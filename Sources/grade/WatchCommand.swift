import ArgumentParser
import Foundation
import Glibc
import Grading

/// `grade watch`: re-grades the exercise being worked on each time its file is saved, shows the
/// verdict, the failing expectation and hint, and moves on only when the student asks. Keys:
/// n next, h hint, l list, r reset, Enter re-run, q quit.
struct GradeWatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Re-grade the current exercise whenever you save it (keys: n next, h hint, l list, r reset, Enter re-run, q quit).")

    @Argument(help: "The exercise to start with (default: where you left off, or the first that does not pass).")
    var exercise: String?

    @OptionGroup var location: CourseLocation

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            let words = Localizer(location.language)
            FileHandle.standardError.write(Data((Problem(words[.watchNeedsTerminal], label: words[.errorLabel]).description + "\n").utf8))
            throw ExitCode(2)
        }
        installInterruptHandler()
        // The signals go to the grader's waiting thread, not to the handler below.
        addInterruptCleanup { if keyModeEntered { tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal) } }
        try runCommand { () throws(GradingError) -> Int32 in
            let root = try location.root()
            var session = try WatchSession(root: root, stateFolder: location.stateFolder(root: root), start: exercise, language: location.language)
            return try session.run()
        }
    }
}

/// The terminal in "one key at a time, no echo" mode, restored on exit and on Ctrl-C.
nonisolated(unsafe) private var savedTerminal = termios()
nonisolated(unsafe) private var previousInterruptHandler: (@convention(c) (Int32) -> Void)?
/// `savedTerminal` holds the terminal's own settings (once key mode was entered).
nonisolated(unsafe) private var keyModeEntered = false

private func enterKeyMode() {
    tcgetattr(STDIN_FILENO, &savedTerminal)
    keyModeEntered = true
    var raw = savedTerminal
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    previousInterruptHandler = signal(SIGINT) { signal in
        tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal)
        previousInterruptHandler?(signal)
        _exit(128 + signal)
    }
}

private func leaveKeyMode() {
    tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal)
}

struct WatchSession {
    let root: String
    let stateFolder: String
    let course: Course
    let style: TerminalStyle
    let language: Language
    var state: ProgressState
    var current: Exercise

    private var words: Localizer { Localizer(language) }

    init(root: String, stateFolder: String, start: String?, language: Language = .en) throws(GradingError) {
        self.root = root
        self.stateFolder = stateFolder
        self.language = language
        course = try ManifestReader(root: root).read()
        style = .detect(environment: ProcessInfo.processInfo.environment)
        let saved = ProgressState.load(stateFolder: stateFolder)
        state = saved
        let gradable = try GradingPlan(course: course, ids: [], sources: .starters).exercises
        let words = Localizer(language)
        guard let first = gradable.first else { throw GradingError(words.problem(.watchNoExercise)) }
        if let start {
            let chosen = try findExercise(start, in: course, command: "watch", language: language)
            guard gradable.contains(where: { $0.id == chosen.id }) else {
                throw GradingError(words.problem(.watchHiddenOnly, ["exercise": chosen.id]))
            }
            current = chosen
        } else if let remembered = gradable.first(where: { $0.id == saved.current }) {
            current = remembered
        } else {
            let progress = try Self.progress(root: root)
            current = progress.next ?? first
        }
    }

    static func progress(root: String) throws(GradingError) -> CourseProgress {
        CourseProgress(outcome: try Grader(options: Grader.Options(root: root)).run())
    }

    mutating func run() throws(GradingError) -> Int32 {
        enterKeyMode()
        defer { leaveKeyMode() }
        while true {
            state.current = current.id
            try state.save(stateFolder: stateFolder)
            let passed = try grade()
            let watcher = FileWatcher(paths: current.starters.map { root + "/" + $0 })
            say(passed ? words[.watchPasses, ["exercise": current.id]] : words[.watchEdit, ["files": current.starters.joined(separator: ", ")]])
            say(words[.watchKeys])
            waiting: while true {
                switch waitForKeyOrChange(watcher) {
                case .changed:
                    break waiting
                case .key(let key):
                    switch key {
                    case "q":
                        say(words[.watchBye])
                        return 0
                    case "\n", "\r", " ":
                        break waiting
                    case "n":
                        let progress = try Self.progress(root: root)
                        let order = progress.outcome.plan.exercises
                        let after = order.drop { $0.id != current.id }.dropFirst()
                        if let next = (after + order).first(where: { !progress.isDone($0.id) && $0.id != current.id }) {
                            current = next
                            break waiting
                        }
                        say(words[progress.isDone(current.id) ? .watchAllPass : .watchOnlyOneLeft])
                    case "h":
                        do throws(GradingError) {
                            print(try Hints.reveal(current, state: &state, language: language), terminator: "")
                            try state.save(stateFolder: stateFolder)
                        } catch {
                            say(error.description)
                        }
                    case "l":
                        print(try Self.progress(root: root).text(style: style, language: language), terminator: "")
                    case "r":
                        say(words[.watchResetAsk, ["exercise": current.id]])
                        if case .key(let answer) = waitForKeyOrChange(nil), answer == "y" {
                            for file in try StarterReset(root: root, language: language).reset(current) { say(words[.watchResetFile, ["file": file]]) }
                            break waiting
                        }
                        say(words[.watchNotReset])
                    default:
                        continue
                    }
                }
            }
        }
    }

    /// Grades the current exercise and prints the report; true when it passes.
    private func grade() throws(GradingError) -> Bool {
        say(words[.watchGrading, ["exercise": current.id]])
        let outcome = try Grader(options: Grader.Options(root: root, ids: [current.id])).run()
        print(TerminalReport(outcome: outcome, style: style, root: root, language: language).text, terminator: "")
        return outcome.allPassed
    }

    private enum Event { case key(Character), changed }

    /// Waits for a key, or (with a watcher) for a saved change, polling every half second.
    private func waitForKeyOrChange(_ watcher: FileWatcher?) -> Event {
        while true {
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            if let watcher, watcher.descriptor >= 0 {
                descriptors.append(pollfd(fd: watcher.descriptor, events: Int16(POLLIN), revents: 0))
            }
            _ = poll(&descriptors, nfds_t(descriptors.count), 500)
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                var byte: UInt8 = 0
                if read(STDIN_FILENO, &byte, 1) == 1 { return .key(Character(Unicode.Scalar(byte))) }
                return .key("q")  // end of input
            }
            if let watcher, watcher.changed() {
                usleep(200_000)  // let the editor finish writing
                _ = watcher.changed()
                return .changed
            }
        }
    }

    private func say(_ text: String) {
        print(text)
        fflush(nil)
    }
}
