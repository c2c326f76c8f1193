import Foundation
import Testing
@testable import Grading

/// The JUnit report's path: checked before grading (a missing or read-only folder, a folder
/// given as the file), and whatever a submission does to it at run time, the report is the
/// grader's, or the terminal report is still printed and the error names the path and why.
@Suite struct ReportPathTests {
    @Test func aReadOnlyFolderIsRefusedBeforeGrading() throws {
        // root may write into a folder without write permission; /sys refuses even root.
        let folder: String
        if getuid() == 0 {
            folder = "/sys"
        } else {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("read-only-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0o555)
        }
        let path = folder + "/report.xml"
        #expect {
            try JUnitReport.checkDestination(path)
        } throws: { error in
            let message = (error as? GradingError)?.description ?? ""
            return message.hasPrefix("error: cannot write the JUnit report to \(path): the folder \(folder) is not writable (")
                && message.hasSuffix(")")
        }
    }

    @Test func aFolderIsNotAReportFile() throws {
        let folder = FileManager.default.temporaryDirectory.path
        #expect {
            try JUnitReport.checkDestination(folder)
        } throws: { error in
            (error as? GradingError)?.description == "error: cannot write the JUnit report to \(folder): it is a folder; give a file name"
        }
    }

    @Test func aReportOverwrittenByTheSubmissionIsReplacedByTheGradersOwn() throws {
        _ = try HostileFixture.starters.get()
        try fixtureLock.withLock { _ in
            let root = HostileFixture.course.root
            // Outside the course, which is read-only for the test where the machine allows.
            let folder = NSTemporaryDirectory() + "reports-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let report = folder + "/report.xml"
            let run = try runProgram(gradeExecutable, ["vandal", "--no-cache", "--junit", report], in: root, environment: ["NO_COLOR": "1"])
            #expect(run.output.contains("JUnit report: \(report)"), "\(run.output)")
            #expect(try validateJUnit(report) == [])
            let xml = try String(contentsOfFile: report, encoding: .utf8)
            #expect(!xml.contains("forged"), "the submission's report was replaced")
            #expect(xml.contains(#"<testsuite name="hostile.vandal""#), "\(xml)")
        }
    }

    @Test func aReportFolderRemovedDuringTheRunIsAnErrorAfterTheTerminalReport() throws {
        _ = try HostileFixture.starters.get()
        try fixtureLock.withLock { _ in
            let root = HostileFixture.course.root
            // The vandal removes a report folder whose name ends in "vanishing" (outside the
            // course, which is read-only for the test where the machine allows).
            let folder = NSTemporaryDirectory() + "reports-\(UUID().uuidString)-vanishing"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let report = folder + "/report.xml"
            let run = try runProgram(gradeExecutable, ["vandal", "--no-cache", "--junit", report], in: root, environment: ["NO_COLOR": "1"])
            #expect(run.status == 2, "\(run.output)")
            #expect(run.output.contains(HostileFixture.runsHadNamespaces ? "  ✔ vandal" : "  ✘ vandal"), "the terminal report is still printed: \(run.output)")
            #expect(run.output.contains(HostileFixture.runsHadNamespaces ? "Score: 1/1 points" : "Score: 0/1 points, 0 of 1 exercises passed"), "\(run.output)")
            #expect(run.output.hasSuffix("error: cannot write the JUnit report to \(report): the folder \(folder) does not exist\n"), "\(run.output)")
        }
    }
}
