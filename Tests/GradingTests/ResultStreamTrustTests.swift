import Foundation
import Glibc
import Testing
@testable import Grading

/// The result streams are written inside the test process, where the submission runs too: what
/// no honest run writes makes them untrusted (the exercise an error), never a pass.
@Suite struct ResultStreamTrustTests {
    // MARK: Swift Testing's event stream

    static let declared = [
        #"{"kind":"test","payload":{"id":"T.S","kind":"suite","name":"S"}}"#,
        #"{"kind":"test","payload":{"id":"T.S/a()","kind":"function","name":"a()"}}"#,
        #"{"kind":"event","payload":{"kind":"runStarted","instant":{"absolute":1}}}"#,
    ]
    static let started = #"{"kind":"event","payload":{"kind":"testStarted","testID":"T.S/a()","instant":{"absolute":2}}}"#
    static let ended = #"{"kind":"event","payload":{"kind":"testEnded","testID":"T.S/a()","instant":{"absolute":3}}}"#
    static let failure = #"{"kind":"event","payload":{"kind":"issueRecorded","testID":"T.S/a()","instant":{"absolute":2.5},"issue":{"isFailure":true},"messages":[{"text":"Expectation failed"}]}}"#
    static let runEnded = #"{"kind":"event","payload":{"kind":"runEnded","instant":{"absolute":4}}}"#

    func swiftTesting(_ lines: [String]) -> SwiftTestingEvents {
        SwiftTestingEvents(data: Data((lines.joined(separator: "\n") + "\n").utf8), suite: "T")
    }

    @Test func anHonestStreamIsTrusted() {
        let stream = swiftTesting(Self.declared + [Self.started, Self.failure, Self.ended, Self.runEnded])
        #expect(stream.inconsistencies == [])
        #expect(stream.runEnded)
        #expect(stream.results().map(\.outcome) == [.failed])
    }

    @Test func swiftTestingRecordsNoHonestRunWrites() {
        let cases: [([String], String)] = [
            (Self.declared + [Self.started, Self.ended, Self.ended, Self.runEnded], "T.S/a() ended twice"),
            (Self.declared + [Self.started, Self.started, Self.ended, Self.runEnded], "T.S/a() started twice"),
            (Self.declared + [Self.ended, Self.runEnded], "T.S/a() ended without starting"),
            (Self.declared + [Self.declared[1], Self.started, Self.ended, Self.runEnded], "T.S/a() declared twice"),
            (Self.declared + [Self.started, Self.ended, Self.failure, Self.runEnded], "a failure of T.S/a() recorded while it was not running"),
            (Self.declared + [Self.started, Self.ended, Self.runEnded, Self.started], "a record after the end of the run"),
            (Self.declared + [#"{"kind":"test","payload":{"id":"Other.S/b()","kind":"function","name":"b()"}}"#, Self.started, Self.ended, Self.runEnded],
             "a record for Other.S/b(), which suite T does not contain"),
            (Self.declared + [Self.started, Self.ended, Self.started.replacingOccurrences(of: "a()", with: "z()"), Self.runEnded],
             "an event for T.S/z(), which the run did not declare"),
        ]
        for (lines, reason) in cases {
            #expect(swiftTesting(lines).inconsistencies.first == reason)
        }
    }

    // MARK: The grader's XCTest observer

    static let inventory = [XCTestInventory.Test(module: "M", className: "C", method: "testA")]

    func xctest(_ lines: [String]) -> XCTestEvents {
        XCTestEvents(data: Data((lines.joined(separator: "\n") + "\n").utf8), inventory: Self.inventory)
    }

    static let xStarted = #"{"kind":"testStarted","name":"C.testA"}"#
    static let xFailure = #"{"kind":"failure","name":"C.testA","message":"XCTAssertTrue failed","file":"/x/C.swift","line":3}"#
    static let xPassed = #"{"kind":"testEnded","name":"C.testA","duration":0.1,"failed":false}"#
    static let xFailed = #"{"kind":"testEnded","name":"C.testA","duration":0.1,"failed":true}"#
    static let xRunEnded = #"{"kind":"runEnded"}"#

    @Test func anHonestObserverIsTrusted() {
        let stream = xctest([Self.xStarted, Self.xFailure, Self.xFailed, Self.xRunEnded])
        #expect(stream.inconsistencies == [])
        #expect(stream.runEnded)
        #expect(stream.results(inventory: Self.inventory).map(\.outcome) == [.failed])
    }

    @Test func xctestRecordsNoHonestRunWrites() {
        let cases: [([String], String)] = [
            ([Self.xStarted, Self.xFailure, Self.xPassed, Self.xRunEnded], "C.testA ended as passed with failures recorded"),
            ([Self.xStarted, Self.xFailed, Self.xRunEnded], "C.testA ended as failed with no failure recorded"),
            ([Self.xStarted, Self.xPassed, Self.xPassed, Self.xRunEnded], "C.testA ended twice"),
            ([Self.xStarted, Self.xStarted, Self.xPassed, Self.xRunEnded], "C.testA started twice"),
            ([Self.xPassed, Self.xRunEnded], "C.testA ended without starting"),
            ([Self.xStarted, Self.xPassed, Self.xFailure, Self.xRunEnded], "a failure of C.testA recorded while it was not running"),
            ([Self.xStarted, Self.xPassed, Self.xRunEnded, Self.xRunEnded], "a record after the end of the run"),
            ([#"{"kind":"testStarted","name":"C.testBonus"}"#, Self.xStarted, Self.xPassed, Self.xRunEnded], "a record for C.testBonus, which the suite does not contain"),
        ]
        for (lines, reason) in cases {
            #expect(xctest(lines).inconsistencies.first == reason)
        }
    }

    // MARK: The verdict of a test process that exited

    @Test func passingTestsWithoutTheRunnersEndAreAnError() {
        let passed = [TestResult(suite: "T.S", name: "a()", outcome: .passed, duration: 0, failures: [])]
        #expect(SuiteRun.verdict(of: "T", exitStatus: 0, tests: passed, distrust: [], runEnded: true) == (.passed, nil))
        let cut = SuiteRun.verdict(of: "T", exitStatus: 0, tests: passed, distrust: [], runEnded: false)
        #expect(cut.0 == .error && cut.1?.description == "T exited before its test runner finished (exit status 0, no end-of-run record); the test process ended early")
        #expect(cut.1?.text(.zh) == "T 在测试运行器结束之前就退出了（退出状态 0，没有运行结束的记录）；测试进程提前结束了")
        let forged = SuiteRun.verdict(of: "T", exitStatus: 0, tests: passed, distrust: ["T.S/a() ended twice"], runEnded: true)
        #expect(forged.0 == .error && forged.1?.description == "T's results cannot be trusted: T.S/a() ended twice (results are written inside the test process, where the submission's code runs)")
    }

    // MARK: The run's private folder

    @Test func theRunFolderIsPrivateFreshAndFollowsNoLinks() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("runs-\(UUID().uuidString)").path
        let folder = try PrivateRunFolder(in: parent)
        let other = try PrivateRunFolder(in: parent)
        #expect(folder.path != other.path)
        var status = stat()
        stat(folder.path, &status)
        #expect(status.st_mode & 0o777 == 0o700)

        #expect(folder.read("events.jsonl") == .missing)
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: folder.path + "/events.jsonl"))
        #expect(folder.read("events.jsonl") == .file(Data("{}\n".utf8)))

        try Data("forged\n".utf8).write(to: URL(fileURLWithPath: parent + "/forged"))
        unlink(folder.path + "/events.jsonl")
        symlink(parent + "/forged", folder.path + "/events.jsonl")
        #expect(folder.read("events.jsonl") == .suspicious("events.jsonl was replaced by a symbolic link"))

        mkfifo(folder.path + "/timing.jsonl", 0o600)
        #expect(folder.read("timing.jsonl") == .suspicious("timing.jsonl is not a regular file"), "and reading did not block")

        // Renamed away with a link in its place: the grader still reads the folder it made.
        try FileManager.default.moveItem(atPath: folder.path, toPath: parent + "/moved")
        try FileManager.default.createDirectory(atPath: parent + "/decoy", withIntermediateDirectories: true)
        symlink(parent + "/decoy", folder.path)
        #expect(folder.read("timing.jsonl") == .suspicious("timing.jsonl is not a regular file"))
        folder.remove()
        other.remove()
        try? FileManager.default.removeItem(atPath: parent)
    }

    @Test func aSocketInPlaceOfAResultFileIsNotRead() throws {
        let folder = try PrivateRunFolder(in: FileManager.default.temporaryDirectory.path)
        defer { folder.remove() }
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array((folder.path + "/events.jsonl").utf8CString)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.prefix(bytes.count - 1).enumerated() { bytes[index] = UInt8(bitPattern: byte) }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        #expect(folder.read("events.jsonl") == .suspicious("events.jsonl cannot be read: No such device or address"))
    }

    @Test func aRunFolderThatCannotBeMadeIsAnError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-folder-\(UUID().uuidString)").path
        try Data().write(to: URL(fileURLWithPath: file))
        defer { unlink(file) }
        #expect {
            _ = try PrivateRunFolder(in: file)
        } throws: { error in
            (error as? GradingError)?.description == "error: cannot create a folder for the test run in \(file): Not a directory"
        }
    }

    @Test func aLockFileThatCannotBeOpenedIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/grade.lock", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            _ = try GradeRunLock(folder: folder) { _ in }
        } throws: { error in
            (error as? GradingError)?.description == "error: cannot open the lock file \(folder)/grade.lock: Is a directory"
        }
    }

    // MARK: The grader's files

    @Test func changedSuitesAndCacheEntriesAreFoundAndPutBack() throws {
        let course = try TinyCourse()
        let cache = course.root + "/.build-grade/results"
        try course.write(".build-grade/results/starters/adding.json", "{\"honest\":true}")
        let watch = CourseFilesGuard(root: course.root, cacheFolder: cache)
        #expect(watch.changes() == [])

        try course.write("Tests/basics/adding/AddTests.swift", "import Testing\n@Test func forged() {}\n")
        try course.write("Tests/basics/adding/Extra.swift", "// added\n")
        try course.remove("course.xml")
        unlink(cache + "/starters/adding.json")
        symlink("/etc/hostname", cache + "/starters/adding.json")
        let changed = watch.changes()
        #expect(changed == [".build-grade/results/starters/adding.json", "Tests/basics/adding/AddTests.swift", "Tests/basics/adding/Extra.swift", "course.xml"])

        watch.restore(changed)
        #expect(watch.changes() == [])
        #expect(try String(contentsOfFile: cache + "/starters/adding.json", encoding: .utf8) == "{\"honest\":true}")
        #expect(!FileManager.default.fileExists(atPath: course.root + "/Tests/basics/adding/Extra.swift"))
        #expect(course.manifestProblems() == [])
    }
}
