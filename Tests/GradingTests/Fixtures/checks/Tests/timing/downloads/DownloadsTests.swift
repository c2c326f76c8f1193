import CourseChecks
import Downloads
import Multitasking
import Testing

@Test func downloadsOverlap() throws {
    let jobs: [@Sendable () -> Void] = (1...5).map { _ in { Thread.sleep(for: .milliseconds(100)) } }
    let check = try Timing.ratio(
        "five 0.1 s downloads against the longest", atMost: 2.5,
        of: { try downloadAll(jobs) }, against: .milliseconds(100))
    #expect(check.passed, "\(check)")
}
