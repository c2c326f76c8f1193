import CGradingXCTestObserver
import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Writes XCTest's progress as JSON lines to the file named by `GRADING_XCTEST_EVENTS`, so the
/// grader reads results from a structured stream instead of the console (see ARCHITECTURE.md, "What the toolchain does").
///
/// One line per event, written with `write(2)` at once: a crash in the middle of a test leaves
/// every earlier line complete, and the last `testStarted` without `testEnded` names the test
/// that was running.
final class XCTestEventObserver: NSObject, XCTestObservation, @unchecked Sendable {
    // @unchecked: XCTest calls observers on the thread that runs the tests, one at a time;
    // the file descriptor is written and never reassigned.
    private let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func testSuiteWillStart(_ testSuite: XCTestSuite) {
        emit(["kind": "suiteStarted", "name": testSuite.name, "testCount": testSuite.testCaseCount])
    }

    func testCaseWillStart(_ testCase: XCTestCase) {
        emit(["kind": "testStarted", "name": testCase.name])
    }

    func testCase(
        _ testCase: XCTestCase, didFailWithDescription description: String,
        inFile filePath: String?, atLine lineNumber: Int
    ) {
        var event: [String: Any] = ["kind": "failure", "name": testCase.name, "message": description]
        if let filePath {
            event["file"] = filePath
            event["line"] = lineNumber
        }
        emit(event)
    }

    func testCaseDidFinish(_ testCase: XCTestCase) {
        let duration = testCase.testRun?.totalDuration ?? 0
        let failed = (testCase.testRun?.totalFailureCount ?? 0) > 0
        emit(["kind": "testEnded", "name": testCase.name, "duration": duration, "failed": failed])
    }

    /// The grader checks that nothing follows it: a line after the end of the run was written
    /// by someone else.
    func testBundleDidFinish(_ testBundle: Bundle) {
        emit(["kind": "runEnded"])
    }

    private func emit(_ event: [String: Any]) {
        guard var data = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])
        else { return }
        data.append(0x0A)
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Called by the C constructor when the test binary loads.
@_cdecl("grading_register_xctest_observer")
public func registerGradingXCTestObserver() {
    guard let path = getenv("GRADING_XCTEST_EVENTS") else { return }
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return }
    XCTestObservationCenter.shared.addTestObserver(XCTestEventObserver(descriptor: descriptor))
}
