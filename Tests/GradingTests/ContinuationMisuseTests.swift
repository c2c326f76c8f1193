@testable import Grading
import Testing

/// The checked continuation's reports, as Swift 6.3 prints them, turned into one line each.
struct ContinuationMisuseTests {
    @Test func aSecondResumeIsReportedNamingTheFunction() {
        let output = """
            ◇ Test anErrorWinsOverAReading() started.
            _Concurrency/CheckedContinuation.swift:169: Fatal error: SWIFT TASK CONTINUATION MISUSE: temperature(from:) tried to resume its continuation more than once, throwing the thermometer overheated!
            """
        let misuses = ContinuationMisuse.reports(in: output)
        #expect(misuses == [ContinuationMisuse(function: "temperature(from:)", kind: .resumedTwice)])
        #expect(misuses.first?.description == """
            temperature(from:) resumed its continuation more than once (the checked continuation ended the process): \
            every path must resume exactly once
            """)
    }

    @Test func aLeakIsReportedOnceNamingTheFunction() {
        let line = "SWIFT TASK CONTINUATION MISUSE: temperature(from:) leaked its continuation without resuming it. This may cause tasks waiting on it to remain suspended forever."
        let misuses = ContinuationMisuse.reports(in: [line, "other output", line].joined(separator: "\n"))
        #expect(misuses == [ContinuationMisuse(function: "temperature(from:)", kind: .leaked)])
        #expect(misuses.first?.description == """
            temperature(from:) dropped its continuation without resuming it, so the task that awaited it \
            stayed suspended for good: every path must resume exactly once
            """)
        #expect(misuses.first?.message.text(.zh) == "temperature(from:) 丢下了它的 continuation 而没有恢复它，等待它的任务因此永远挂起：每条路径都必须恰好恢复一次")
    }

    @Test func outputWithoutTheMarkerHasNoReport() {
        #expect(ContinuationMisuse.reports(in: "Fatal error: Index out of range\nSWIFT TASK CONTINUATION MISUSE: garbled").isEmpty)
    }
}
