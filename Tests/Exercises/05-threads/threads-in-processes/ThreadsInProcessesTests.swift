import Glibc
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

    /// When each report() takes 0.6 s, the threads of a child work at the same time and so do
    /// the children (started before any is joined); and every report has been made when the
    /// function returns, longer than any fixed wait put in place of a join.
    func testThreadsAndProcessesWorkAtTheSameTime() throws {
        let queue = try ProcessQueue<Span>(name: "spans")
        try startProcessesWithThreads(processes: 2, threadsPerProcess: 3) {
            let start = Span.now()
            Multitasking.Thread.sleep(for: .milliseconds(600))
            try? queue.put(Span(pid: currentProcessID(), start: start, end: Span.now()))
        }
        var spans: [Span] = []
        while let span = try? queue.getNowait() { spans.append(span) }
        XCTAssertEqual(spans.count, 6, "2 processes with 3 threads, each report() taking 0.6 s: only \(spans.count) of 6 had reported when startProcessesWithThreads returned; join every thread and every process")
        for (pid, own) in Dictionary(grouping: spans, by: \.pid) {
            XCTAssertGreaterThan(Span.mostAtOnce(own), 1, "the threads of process \(pid) ran one after another: start them all, then join them all")
        }
        XCTAssertGreaterThan(Span.mostAtOnce(spans), 3, "the processes ran one after another (at most \(Span.mostAtOnce(spans)) reports at once): start every process, then join them all")
    }
}

/// When one report() ran, in the monotonic clock every process shares.
struct Span: Codable, Sendable {
    var pid: Int32
    var start: UInt64
    var end: UInt64

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// The most spans that overlap at one moment.
    static func mostAtOnce(_ spans: [Span]) -> Int {
        var events: [(time: UInt64, change: Int)] = []
        for span in spans {
            events.append((span.start, 1))
            events.append((span.end, -1))
        }
        // At the same moment an end comes before a start: touching spans do not overlap.
        events.sort { $0.time != $1.time ? $0.time < $1.time : $0.change < $1.change }
        var running = 0
        var most = 0
        for (_, change) in events {
            running += change
            most = max(most, running)
        }
        return most
    }
}
