import Foundation
import Synchronization
@testable import Grading

/// The hostile fixture graded once per test process (every exercise but `stuck`, which would
/// only wait for its timeout), shared by the tests that read its verdicts and by those that
/// run the `grade` command on its build.
enum HostileFixture {
    static let course = FixtureCourse("hostile")

    /// Exercises the shared run leaves out.
    static let notInTheSharedRun: Set<String> = ["stuck"]

    /// Files the hostile starters write outside the course (which is read-only for them where
    /// the machine allows): `/tmp/hostile<the course root with - for />-<name>`.
    static func scratch(_ name: String) -> String {
        let root = URL(fileURLWithPath: course.root).resolvingSymlinksInPath().path
        return "/tmp/hostile" + root.replacingOccurrences(of: "/", with: "-") + "-" + name
    }

    static let writtenFiles = ["escapee.pid", "escapee.late", "double-fork.pid", "double-fork.late", "sleeper.pid", "big-file.bin"]

    /// Whether the runs had namespaces (and so a read-only view of the course): the kernel
    /// refused neither kind.
    static var runsHadNamespaces: Bool { Containment.full.preferredNamespaces().count > 1 }

    static let starters: Result<GradingOutcome, any Error> = fixtureLock.withLock { _ in
        Result {
            try course.prepare()
            for file in writtenFiles { unlink(scratch(file)) }
            defer { unlink(scratch("big-file.bin")) }
            let ids = try ManifestReader(root: course.root).read().exercises.map(\.id).filter { !notInTheSharedRun.contains($0) }
            let outcome = try course.grade(ids)
            ended.withLock { $0 = .now }
            return outcome
        }
    }

    /// When the shared run ended.
    static let ended = Mutex(ContinuousClock.now)

    /// The fixture's original text of `path` (the copy may have been vandalised and restored).
    static func original(_ path: String) throws -> String {
        try String(contentsOfFile: mainRoot + "/Tests/GradingTests/Fixtures/hostile/" + path, encoding: .utf8)
    }
}

/// A program started in the background, its output (standard output and error together) going
/// to a file, so a test can signal it while it runs.
final class BackgroundProgram {
    let process = Foundation.Process()
    private let outputPath: String

    init(_ path: String, _ arguments: [String], in folder: String, environment: [String: String] = ["NO_COLOR": "1"]) throws {
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("program-\(UUID().uuidString).out").path
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try output.close()
    }

    var pid: pid_t { process.processIdentifier }

    /// Waits for the end (at most `limit`, then kills it); returns the status and the output.
    func wait(limit: Duration = .seconds(300)) -> (status: Int32, output: String) {
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        defer { unlink(outputPath) }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, output)
    }

    /// The first descendant of this program that carries a grading run's token (a running test
    /// process, a child of its supervisor), waiting for it at most `limit`; its pid and token.
    func testProcess(limit: Duration = .seconds(180)) -> (pid: pid_t, token: String)? {
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline {
            for entry in ProcessTable.descendants(of: pid, in: ProcessTable.entries()) where entry.pid != pid {
                if let token = runToken(of: entry.pid) { return (entry.pid, token) }
            }
            usleep(20_000)
        }
        return nil
    }
}

/// Live processes (not zombies) whose command line or environment contains `text`.
func liveProcesses(containing text: String) -> [pid_t] {
    let needle = Data(text.utf8)
    return ProcessTable.entries().filter { !$0.isZombie && $0.pid != getpid() }.map(\.pid).filter { pid in
        ["cmdline", "environ"].contains { file in
            FileManager.default.contents(atPath: "/proc/\(pid)/\(file)")?.range(of: needle) != nil
        }
    }
}

/// The `GRADING_RUN_TOKEN=...` entry of a process's environment, if it has one.
func runToken(of pid: pid_t) -> String? {
    guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return nil }
    return environment.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.first { $0.hasPrefix("GRADING_RUN_TOKEN=") }
}
