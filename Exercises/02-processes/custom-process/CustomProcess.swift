// Exercise custom-process: A process class with run() (chapter Processes).
// Read first: Exercises/02-processes/lesson.md, the section on custom-process.
// Check it: swift run grade custom-process    Stuck? swift run grade hint custom-process

import Multitasking

/// What a `ChecksumProcess` reports: which file, its checksum, and the pid of the process that
/// computed it.
public struct ChecksumReport: Codable, Equatable, Sendable {
    public var file: String
    public var checksum: Int
    public var pid: Int32

    public init(file: String, checksum: Int, pid: Int32) {
        (self.file, self.checksum, self.pid) = (file, checksum, pid)
    }
}

/// A small checksum of a file's contents (here the contents are the string itself). Given.
public func checksum(of contents: String) -> Int {
    contents.utf8.reduce(7) { ($0 &* 31 &+ Int($1)) % 1_000_003 }
}

/// A process that computes the checksum of one file and puts a `ChecksumReport` (with the pid
/// it runs in, `currentProcessID()`) into `reports`.
public final class ChecksumProcess: Process, @unchecked Sendable {
    public let file: String
    public let reports: ProcessQueue<ChecksumReport>

    public init(file: String, reports: ProcessQueue<ChecksumReport>) {
        self.file = file
        self.reports = reports
        super.init(name: "checksum \(file)")
    }

    public override func run() throws {
        // TODO: compute checksum(of: file) and put a ChecksumReport into `reports`.
    }
}

/// Computes the checksums of `files` with one `ChecksumProcess` per file, all running at the
/// same time, and returns the reports sorted by file name, once every process has ended and
/// been joined (a process may take a while to end after it has reported).
public func checksumAll(_ files: [String]) throws -> [ChecksumReport] {
    // TODO: make the queue, create one ChecksumProcess per file, start them all, join them all,
    //       and collect one report per file.
    return []
}
