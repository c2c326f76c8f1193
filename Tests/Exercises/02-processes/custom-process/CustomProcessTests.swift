import CourseChecks
import CustomProcess
import Glibc
import Multitasking
import XCTest

final class CustomProcessTests: XCTestCase {
    func testAChecksumProcessComputesInAChildAndReports() throws {
        let reports = try ProcessQueue<ChecksumReport>(name: "reports")
        let worker = ChecksumProcess(file: "notes.txt", reports: reports)
        try worker.start()
        let ended = try worker.join(timeout: .seconds(20))
        if !ended { try? worker.kill(); _ = try? worker.join(timeout: .seconds(5)) }
        XCTAssertTrue(ended, "a ChecksumProcess should finish on its own once it has reported")
        XCTAssertEqual(worker.exitCode, 0, "the ChecksumProcess should end normally: \(worker.failure ?? "")")
        guard let report = try? reports.get(timeout: .seconds(1)) else {
            return XCTFail("the ChecksumProcess put no report into its queue: its run() should put a ChecksumReport")
        }
        XCTAssertEqual(report.file, "notes.txt", "the report should name the process's file")
        XCTAssertEqual(report.checksum, checksum(of: "notes.txt"), "the report should hold checksum(of: file)")
        XCTAssertEqual(report.pid, worker.pid, "the report's pid should be the pid run() ran in, the child's (\(worker.pid ?? 0))")
        XCTAssertNotEqual(report.pid, getpid(), "run() ran in the test's own process: start() should run it in a child")
    }

    func testChecksumAllRunsEachFileInAChildProcess() throws {
        let files = ["b.txt", "a.txt", "d.txt", "c.txt"]
        let reports = try checksumAll(files)
        XCTAssertEqual(reports.map(\.file), files.sorted(), "checksumAll should return one report per file, sorted by file name")
        for report in reports {
            XCTAssertEqual(report.checksum, checksum(of: report.file), "wrong checksum for \(report.file)")
            XCTAssertNotEqual(report.pid, getpid(),
                              "the checksum of \(report.file) was computed in the calling process (pid \(getpid())): call start() on each ChecksumProcess, not run(), which does the work right where you call it")
        }
        XCTAssertEqual(Set(reports.map(\.pid)).count, reports.count,
                       "each file should have a process of its own, but the reports came from the pids \(reports.map(\.pid))")
    }

    /// When checksumAll returns, every ChecksumProcess has ended and been joined, even one
    /// that takes a while to end after it has reported (here each one lingers 1 s, longer than
    /// a short sleep for each of the 6): none is left in the process table, running or ended.
    /// And they all ran at the same time.
    func testEveryProcessIsJoinedBeforeItReturns() throws {
        let files = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"]
        let seen = try ChildProcesses.endingLate(by: .seconds(1)) { try checksumAll(files) }
        XCTAssertEqual(seen.value.count, 6, "6 files should give 6 reports")
        XCTAssertTrue(seen.leftBehind.isEmpty, "checksumAll returned while \(seen.leftBehind.count) of its processes had not ended or were unjoined (each one here takes 1 s to end after it has reported): join every ChecksumProcess before returning; a sleep is not a join")
        XCTAssertEqual(seen.mostAtOnce, files.count, "at most \(seen.mostAtOnce) of the 6 ChecksumProcesses were under way at once: start them all, then join them all (joining each right after its start runs them one after another)")
    }

    func testNoFilesGiveNoReports() throws {
        XCTAssertEqual(try checksumAll([]), [])
    }
}
