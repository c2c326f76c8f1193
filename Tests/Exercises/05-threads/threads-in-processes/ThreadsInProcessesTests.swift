import Multitasking
import ThreadsInProcesses
import XCTest

/// Who called `report()`: the process id, the kernel's id of the thread, the thread's name.
struct Report: Codable, Sendable {
    var pid: Int32
    var tid: Int32
    var threadName: String
}

final class ThreadsInProcessesTests: XCTestCase {
    /// Runs the student's function with a `report` that sends a `Report` through a process
    /// queue, and returns every report sent, after the function returned.
    private func reports(processes: Int, threadsPerProcess: Int) throws -> [Report] {
        let queue = try ProcessQueue<Report>(name: "reports")
        try startProcessesWithThreads(processes: processes, threadsPerProcess: threadsPerProcess) {
            let thread = currentThread()
            try? queue.put(Report(pid: currentProcessID(), tid: thread.nativeID ?? -1, threadName: thread.name))
        }
        var all: [Report] = []
        while let report = try? queue.getNowait() { all.append(report) }
        return all
    }

    private func check(processes: Int, threadsPerProcess: Int) throws {
        let all = try reports(processes: processes, threadsPerProcess: threadsPerProcess)
        let total = processes * threadsPerProcess
        XCTAssertEqual(all.count, total, """
            \(processes) processes with \(threadsPerProcess) threads each should call report() \(total) times \
            before startProcessesWithThreads returns; it was called \(all.count) times \
            (join the threads inside each child, and join every process)
            """)
        let parent = currentProcessID()
        let inParent = all.filter { $0.pid == parent }
        XCTAssertTrue(inParent.isEmpty, """
            \(inParent.count) reports came from threads of the parent process (\(inParent.map(\.threadName))): \
            start the threads inside each child's closure, so that they belong to the child
            """)
        let byProcess = Dictionary(grouping: all, by: \.pid)
        XCTAssertEqual(byProcess.count, processes, "the reports came from \(byProcess.count) processes, expected \(processes)")
        for (pid, reports) in byProcess where pid != parent {
            XCTAssertEqual(Set(reports.map(\.tid)).count, threadsPerProcess,
                           "process \(pid) should report from \(threadsPerProcess) different threads, reported from \(Set(reports.map(\.tid)).count)")
            XCTAssertFalse(reports.contains { $0.tid == pid },
                           "process \(pid) called report() on its own first thread: start new threads in the child and call it there")
        }
        let names = Set(all.map(\.threadName))
        let expectedNames = Set((0..<processes).flatMap { p in (0..<threadsPerProcess).map { "process-\(p).thread-\($0)" } })
        XCTAssertEqual(names, expectedNames, "the threads should be named process-P.thread-T")
    }

    func testThreeProcessesWithThreeThreadsEach() throws {
        try check(processes: 3, threadsPerProcess: 3)
    }

    func testTwoProcessesWithFourThreadsEach() throws {
        try check(processes: 2, threadsPerProcess: 4)
    }
}
