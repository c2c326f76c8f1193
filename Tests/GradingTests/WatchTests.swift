import Foundation
import Glibc
import Synchronization
import Testing
@testable import Grading

/// `grade watch` in a pseudo-terminal, with a real file change, and without a terminal.
@Suite(.serialized) struct WatchTests {
    @Test func withoutATerminalItSaysSo() throws {
        let tiny = try TinyCourse()
        let run = try runProgram(gradeExecutable, ["watch"], in: tiny.root)
        #expect(run.status == 2)
        #expect(run.output == "error: grade watch needs a terminal: it reads single keys (n, h, l, r, q) and re-grades when you save. Here there is none; run `swift run grade <exercise>` instead.\n")
    }

    @Test func fileWatcherSeesContentChangesOnly() throws {
        let tiny = try TinyCourse()
        let file = tiny.root + "/Exercises/basics/adding/Add.swift"
        let watcher = FileWatcher(paths: [file])
        #expect(!watcher.changed())
        try tiny.write("Exercises/basics/adding/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { 0 }\n")
        #expect(!watcher.changed(), "saved without a change")
        try tiny.write("Exercises/basics/adding/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { a + b }\n")
        #expect(watcher.changed())
        #expect(!watcher.changed())
        try tiny.write("Exercises/basics/adding/.Add.swift.swp", "editor state\n")
        #expect(!watcher.changed(), "another file in the folder")
    }

    @Test func regradesOnSaveAndAnswersKeys() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            defer { try? course.prepare() }
            try? FileManager.default.removeItem(atPath: course.root + "/.build-grade/progress.json")
            let terminal = try PseudoTerminal(gradeExecutable, ["watch"], in: course.root, environment: ["NO_COLOR": "1"])
            defer { terminal.stop() }

            // Starts at the first exercise that does not pass.
            try terminal.waitFor("Watching for saves.")
            #expect(terminal.output.contains("✘ failing-xctest  failed"))
            #expect(terminal.output.contains("Edit Exercises/basics/failing-xctest/Square.swift and save."))

            // A real save re-grades it.
            terminal.clear()
            try course.write("public func square(_ a: Int) -> Int { a * a }\n", to: "Exercises/basics/failing-xctest/Square.swift")
            try terminal.waitFor("Watching for saves.", timeout: 600)
            #expect(terminal.output.contains("✔ failing-xctest  passed"))
            #expect(terminal.output.contains("failing-xctest passes. Press n for the next exercise."))

            terminal.clear()
            terminal.type("h")
            try terminal.waitFor("(run `swift run grade hint failing-xctest` again for the next hint)")
            #expect(terminal.output.contains("Hint 1 of 2 for failing-xctest: Squaring multiplies a number by itself."))

            terminal.clear()
            terminal.type("l")
            try terminal.waitFor("Progress: ")
            #expect(terminal.output.contains("Basics  3/4 done, 12/17 points"))

            // Moves on only when asked: the next exercise that does not pass.
            terminal.clear()
            terminal.type("n")
            try terminal.waitFor("Watching for saves.")
            #expect(terminal.output.contains("✘ failing-testing  failed"))
            #expect(ProgressState.load(stateFolder: course.root + "/.build-grade").current == "failing-testing")

            terminal.clear()
            terminal.type("q")
            try terminal.waitFor("Bye.")
            #expect(try terminal.waitForExit() == 0)
        }
    }
}

/// A program run with a pseudo-terminal as its standard input and output, as a student's
/// terminal would be, so it can be sent keys and its output read as it comes.
final class PseudoTerminal {
    private final class Received: Sendable {
        let text = Mutex("")
    }

    private let master: Int32
    private let process: Foundation.Process
    private let received = Received()
    private let reader: Thread

    init(_ executable: String, _ arguments: [String], in folder: String, environment: [String: String]) throws {
        // posix_openpt and friends are not in Swift's Glibc module: the same by hand, with
        // Linux's ioctls TIOCSPTLCK (unlock) and TIOCGPTN (the slave's number).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw GradingError("cannot open a pseudo-terminal")
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw GradingError("cannot open the pseudo-terminal's slave") }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let master = self.master
        let received = self.received
        reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { return }
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                received.text.withLock { $0 += text }
            }
        }
        reader.start()
    }

    var output: String { received.text.withLock { $0 } }

    func clear() { received.text.withLock { $0 = "" } }

    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, text.utf8.count) }
    }

    func waitFor(_ text: String, timeout: Double = 300) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !output.contains(text) {
            if Date() > deadline { throw GradingError("timed out waiting for '\(text)'; the terminal shows:\n\(output)") }
            if !process.isRunning && !output.contains(text) {
                usleep(200_000)
                if output.contains(text) { return }
                throw GradingError("the program ended (status \(process.terminationStatus)) before printing '\(text)':\n\(output)")
            }
            usleep(50_000)
        }
    }

    func waitForExit(timeout: Double = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { throw GradingError("the program did not exit") }
            usleep(50_000)
        }
        return process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }
}
