import Foundation
import Glibc

/// Stage 4: runs one exercise's suites, each in a process (and process group) of its own, with
/// the exercise's timeout, and turns what they reported through structured streams into an
/// `ExerciseResult`.
///
/// Swift Testing suites report through the event stream, XCTest suites through the grader's
/// observer; console output is only kept (capped) to show what a crashed or hung test printed
/// last. The tests that ran are counted against the tests the suite contains.
struct SuiteRun {
    var testBinary: String
    var workingDirectory: String
    var eventsFolder: String
    var inventory: XCTestInventory
    var outputLimit = 64 * 1024
    /// The binary was built with ThreadSanitizer: its reports are read as findings, and the
    /// timeout is stretched by `sanitizerSlowdown` (instrumented code runs several times slower).
    var threadSanitizer = false
    static let sanitizerSlowdown = 4.0
    /// More environment for the test processes (the mutant to run, for `grade mutate`).
    var environment: [String: String] = [:]

    /// How one run of an exercise's suites is set up: the runtime's checks and seed.
    struct Conditions: Equatable {
        /// The runtime's perturbation seed (nil: no perturbation).
        var seed: UInt64?
        /// The runtime's deadlock detector and lock-order graph.
        var detectsDeadlocks = false
        /// The explorer's strategy and budget for the suites' `explore` calls ("pct:2000").
        var explore: String?
        /// Replay this schedule in the suites' `explore` calls (`--schedule`).
        var schedule: String?
    }

    func grade(_ exercise: Exercise, conditions: Conditions = Conditions()) throws(GradingError) -> ExerciseResult {
        var tests: [TestResult] = []
        var problems: [Message] = []
        var findings: [Message] = []
        var timings: [TimingFigure] = []
        var verdict = ExerciseResult.Verdict.passed
        var output = ""
        var seconds = 0.0
        for suite in exercise.suites {
            let run = try runSuite(suite, of: exercise, conditions: conditions)
            tests += run.tests
            seconds += run.seconds
            output += (output.isEmpty ? "" : "\n") + run.outputTail
            if let problem = run.problem { problems.append(problem) }
            findings += run.findings
            timings += run.timings
            if run.verdict.isWorse(than: verdict) { verdict = run.verdict }
        }
        var result = ExerciseResult(
            exerciseID: exercise.id, verdict: verdict,
            pointsEarned: verdict == .passed ? exercise.points : 0, pointsPossible: exercise.points,
            duration: seconds, tests: tests, diagnostics: [],
            problem: problems.isEmpty ? nil : .joined(problems, separator: Message(.problemSeparator)),
            outputTail: output)
        result.seed = conditions.seed
        result.findingMessages = findings
        result.timings = timings
        return result
    }

    static let stdbuf = "/usr/bin/stdbuf"

    private struct Run {
        var tests: [TestResult]
        var verdict: ExerciseResult.Verdict
        var problem: Message?
        var outputTail: String
        var seconds: Double
        var findings: [Message] = []
        var timings: [TimingFigure] = []
    }

    private func runSuite(_ suite: Suite, of exercise: Exercise, conditions: Conditions) throws(GradingError) -> Run {
        // A fresh folder per run: nothing in it can have been planted by an earlier run.
        let folder = try PrivateRunFolder(in: eventsFolder)
        defer { folder.remove() }
        let events = folder.path + "/" + Self.eventsName
        let files = CheckFiles(folder: folder)
        var environment = ProcessInfo.processInfo.environment
        // The runtime's crash message ("Fatal error: Index out of range") is what a student
        // needs; a full backtrace would push it out of the capped output.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment.merge(files.environment(conditions: conditions, threadSanitizer: threadSanitizer)) { $1 }
        environment.merge(self.environment) { $1 }
        var arguments: [String]
        let xctests = inventory.tests(inModule: suite.target)
        switch suite.framework {
        case .swiftTesting:
            arguments = [
                "--testing-library", "swift-testing", "--no-parallel",
                "--event-stream-output-path", events, "--event-stream-version", "6.3",
                "--filter", "^\(suite.target)\\.",
            ]
        case .xctest:
            guard !xctests.isEmpty else {
                return Run(tests: [], verdict: .error,
                           problem: Message(.problemNoXCTests, ["suite": "\(suite.target)"]),
                           outputTail: "", seconds: 0)
            }
            var classes: [String] = []
            for test in xctests where !classes.contains(test.classSelector) { classes.append(test.classSelector) }
            arguments = ["--testing-library", "xctest", classes.joined(separator: ",")]
            environment["GRADING_XCTEST_EVENTS"] = events
        }
        // A test writing to a pipe is block-buffered: what a hung test printed last would
        // still be in its buffer when it is killed. coreutils' stdbuf makes C stdio (which
        // Swift's print uses) line-buffered; without it, the output is only less complete.
        var executable = testBinary
        if access(Self.stdbuf, X_OK) == 0 {
            arguments = ["-oL", "-eL", testBinary] + arguments
            executable = Self.stdbuf
        }
        var process = ChildProcess(
            executable: executable, arguments: arguments, environment: environment,
            workingDirectory: workingDirectory, timeout: timeout(of: exercise), outputLimit: outputLimit)
        process.limits = limits
        // The course is read-only for the test (where a mount namespace is allowed), but for
        // the run's folder: its files, the suites and the build cannot be changed at all.
        process.readOnlyFolder = workingDirectory
        process.writableFolder = folder.path
        let root = workingDirectory
        process.onTimeout = { pid in HungProcessReport(root: root).describe(pid) }
        let outcome = try process.run()

        // Read only now that the test's processes are gone (see `ChildProcess.run`).
        let streamed = read(folder, suite: suite, inventory: xctests)
        var tests = Self.timingInterrupted(streamed.tests, processSeconds: outcome.seconds)
        let distrust = streamed.distrust + files.suspicious()
        // Paths relative to the package root, as students see them in their editor.
        let course = CourseRoot(workingDirectory)
        for index in tests.indices {
            for failure in tests[index].failures.indices {
                tests[index].failures[failure].file = tests[index].failures[failure].file.map(course.relative)
            }
        }
        let tail = usefulTail(of: outcome.output)
        let running = tests.filter { $0.outcome == .interrupted }.map { "\($0.suite)/\($0.name)" }
        let failed = tests.contains { $0.outcome == .failed }
        let whileRunning = running.isEmpty ? Message.empty : Message(.problemWhileRunning, ["tests": "\(running.joined(separator: ", "))"])

        let found = files.findings(root: workingDirectory, exercise: exercise, detectsDeadlocks: conditions.detectsDeadlocks)
        let seedNote = conditions.seed.map { Message(.problemSeed, ["seed": "\($0)"]) } ?? .empty
        let target = Message.verbatim(suite.target)
        let races = Message(found.races.count == 1 ? .problemOneRace : .problemRaces, ["count": "\(found.races.count)"])

        var verdict: ExerciseResult.Verdict
        var problem: Message?
        switch outcome.ending {
        case .timedOut:
            verdict = .timedOut
            let timedOut = Message(.problemTimedOut, [
                "suite": target, "seconds": "\(formatSeconds(timeout(of: exercise).seconds))",
                "whileRunning": whileRunning, "seed": seedNote,
            ])
            problem = outcome.timeoutReport.map { .joined([timedOut, $0], separator: "\n") } ?? timedOut
        case .exited(CheckFiles.deadlockExitStatus) where !found.deadlocks.isEmpty:
            verdict = .deadlock
            problem = Message(.problemDeadlocked, ["suite": target, "whileRunning": whileRunning, "seed": seedNote])
        case .exited(ThreadSanitizerReport.exitStatus) where threadSanitizer && !found.races.isEmpty && !failed:
            verdict = .dataRace
            problem = Message(.problemRaceAlthoughPassed, ["suite": target, "races": races, "seed": seedNote])
        case .tooManyTasks(let count):
            verdict = .crashed
            problem = Message(.problemTooManyTasks, [
                "suite": target, "count": "\(count)", "limit": "\(limits.tasks)", "whileRunning": whileRunning,
            ])
        case .outOfMemory(let bytes):
            verdict = .outOfMemory
            problem = Message(threadSanitizer ? .problemOutOfMemorySanitizer : .problemOutOfMemory, [
                "suite": target, "used": "\(formatMiB(bytes))", "limit": "\(formatMiB(limits.memoryBytes))",
                "whileRunning": whileRunning, "seed": seedNote,
            ])
        case .signaled(SIGXFSZ):
            verdict = .crashed
            problem = Message(.problemFileTooLarge, [
                "suite": target, "size": "\(ResourceLimits().fileSizeBytes >> 20)", "whileRunning": whileRunning,
            ])
        case .signaled(let signal):
            verdict = .crashed
            problem = Message(.problemCrashed, ["suite": target, "signal": signalName(signal), "whileRunning": whileRunning])
        case .exited(let status):
            (verdict, problem) = Self.verdict(of: suite.target, exitStatus: status, tests: tests,
                                              distrust: distrust, runEnded: streamed.runEnded)
        }
        // A checked continuation's own report names the student's function: the failure's cause.
        let misuses = ContinuationMisuse.reports(in: outcome.output.text)
        if !misuses.isEmpty && verdict != .passed {
            let said = Message.joined(misuses.map(\.message), separator: Message(.problemSeparator))
            problem = problem.map { Message.joined([$0, said], separator: ": ") } ?? said
        }
        // Findings of the checks make a run that otherwise passed or failed worse: a race or
        // a lock-order inversion is the lesson of the exercise, even if the tests passed.
        if !found.races.isEmpty && (verdict == .passed || verdict == .failed) {
            verdict = .dataRace
            problem = problem ?? Message(.problemRaceFound, ["suite": target, "races": races, "seed": seedNote])
        }
        if !found.lockOrder.isEmpty && (verdict == .passed || verdict == .failed) {
            verdict = .deadlock
            problem = problem ?? Message(.problemLockOrder, ["suite": target, "seed": seedNote])
        }
        return Run(tests: tests, verdict: verdict, problem: problem,
                   outputTail: tail,
                   seconds: outcome.seconds,
                   findings: found.deadlocks + found.lockOrder + found.races,
                   timings: files.timings())
    }

    static let eventsName = "events.jsonl"

    /// A test that was running when the process crashed or was killed has no end in the
    /// stream, so no duration of its own: it gets what the run took beyond the tests that
    /// ended (the suites run one test at a time). Without it a test that hung until the
    /// timeout showed 0.000 s in the JUnit report, beside a suite time of the whole timeout.
    static func timingInterrupted(_ tests: [TestResult], processSeconds: Double) -> [TestResult] {
        let ended = tests.filter { $0.outcome == .passed || $0.outcome == .failed }.reduce(0) { $0 + $1.duration }
        return tests.map { test in
            guard test.outcome == .interrupted else { return test }
            var test = test
            test.duration = max(test.duration, processSeconds - ended)
            return test
        }
    }

    /// The verdict of a test process that exited (was not killed): what ran, and whether the
    /// stream that says so can be believed.
    static func verdict(
        of target: String, exitStatus status: Int32, tests: [TestResult], distrust: [String], runEnded: Bool
    ) -> (ExerciseResult.Verdict, Message?) {
        let ran = tests.filter { $0.outcome == .passed || $0.outcome == .failed }.count
        let suite = Message.verbatim(target)
        if !distrust.isEmpty {
            // The reasons stay English: they name what a forged stream did (records, files),
            // which happens only when a submission tampers with the grader.
            return (.error, Message(.problemUntrusted, ["suite": suite, "reasons": "\(distrust.joined(separator: "; "))"]))
        } else if tests.isEmpty {
            return (.error, Message(.problemNoTestsRan, ["suite": suite, "status": "\(status)"]))
        } else if ran < tests.count {
            return (.error, Message(.problemEndedEarly, ["suite": suite, "ran": "\(ran)", "count": "\(tests.count)", "status": "\(status)"]))
        } else if tests.contains(where: { $0.outcome == .failed }) {
            return (.failed, nil)
        } else if status != 0 {
            return (.error, Message(.problemExitStatus, ["suite": suite, "status": "\(status)"]))
        } else if !runEnded {
            return (.error, Message(.problemNoEndRecord, ["suite": suite]))
        }
        return (.passed, nil)
    }

    /// The results in the run's event stream, what makes them untrustworthy, and whether the
    /// runner wrote its end-of-run record.
    private func read(_ folder: PrivateRunFolder, suite: Suite, inventory: [XCTestInventory.Test]) -> (tests: [TestResult], distrust: [String], runEnded: Bool) {
        var data = Data()
        var distrust: [String] = []
        switch folder.read(Self.eventsName) {
        case .file(let contents): data = contents
        case .missing: break
        case .suspicious(let reason): distrust.append(reason)
        }
        switch suite.framework {
        case .swiftTesting:
            let stream = SwiftTestingEvents(data: data, suite: suite.target)
            return (stream.results(), distrust + stream.inconsistencies, stream.runEnded)
        case .xctest:
            let stream = XCTestEvents(data: data, inventory: inventory)
            return (stream.results(inventory: inventory), distrust + stream.inconsistencies, stream.runEnded)
        }
    }

    /// What a test run may use (`ResourceLimits`); under ThreadSanitizer no address-space limit
    /// (it reserves terabytes) but the same memory limit, its shadow memory counted in.
    var limits: ResourceLimits {
        var limits = ResourceLimits()
        if threadSanitizer { limits.addressSpaceBytes = nil }
        return limits
    }

    private func timeout(of exercise: Exercise) -> Duration {
        threadSanitizer ? exercise.timeout * Self.sanitizerSlowdown : exercise.timeout
    }

    /// The last lines a test process printed, without the runtime's stack dump (frame lines
    /// of library addresses), so the crash message ("Fatal error: ...") stays in view.
    private func usefulTail(of output: CappedOutput) -> String {
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let trimmed = line.trimmingSpaces()
            if trimmed == "Current stack trace:" || trimmed.hasPrefix("Stack dump:") { return false }
            let fields = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            let isFrame = fields.count >= 3 && Int(fields[0]) != nil && fields.contains { $0.hasPrefix("0x") }
            return !isFrame
        }
        // A flood without newlines would otherwise be one line of the whole capped output.
        let shortened = lines.suffix(20).map { $0.count > 300 ? "[...] " + $0.suffix(300) : String($0) }
        return shortened.joined(separator: "\n").trimmingSpaces()
    }
}

/// `SIGSEGV (11), a bad memory access`, the way people look signals up.
func signalName(_ signal: Int32) -> Message {
    let names: [Int32: String] = [
        SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
        SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM", SIGINT: "SIGINT",
        SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
    ]
    let meaning: [Int32: MessageKey] = [SIGILL: .signalSwiftTrap, SIGTRAP: .signalSwiftTrap, SIGSEGV: .signalBadAccess, SIGABRT: .signalAbort]
    let base = Message.verbatim("\(names[signal] ?? "signal") (\(signal))")
    return meaning[signal].map { Message(.signalWithMeaning, ["signal": base, "meaning": Message($0)]) } ?? base
}

/// Bytes in MiB, whole.
func formatMiB(_ bytes: Int) -> String { "\(bytes >> 20)" }

func formatSeconds(_ seconds: Double) -> String {
    String(format: "%.3f", seconds).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
}
