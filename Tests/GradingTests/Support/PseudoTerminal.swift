import Foundation
import Glibc
import Synchronization
@testable import Grading

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

    /// `columns`: the terminal's width, as a program asks for it (TIOCGWINSZ); 0 leaves it unset.
    init(_ executable: String, _ arguments: [String], in folder: String, environment: [String: String], columns: UInt16 = 0) throws {
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
        if columns > 0 {
            var size = winsize(ws_row: 24, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
            guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else { throw GradingError("cannot set the pseudo-terminal's width") }
        }
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
        try waitUntil("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// Waits for a whole line that starts with `prefix` (up to its newline).
    func waitForLine(startingWith prefix: String, timeout: Double = 300) throws {
        try waitUntil("a line starting with '\(prefix)'", timeout: timeout) { output in
            guard let start = output.range(of: prefix) else { return false }
            return output[start.upperBound...].contains("\n")
        }
    }

    private func waitUntil(_ description: String, timeout: Double, _ condition: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(output) {
            if Date() > deadline { throw GradingError("timed out waiting for \(description); the terminal shows:\n\(output)") }
            if !process.isRunning {
                // What it wrote last may still be on its way through the terminal.
                usleep(200_000)
                if condition(output) { return }
                throw GradingError("the program ended (status \(process.terminationStatus)) before printing \(description):\n\(output)")
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
