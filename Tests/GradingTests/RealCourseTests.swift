import Foundation
import Testing
@testable import Grading

/// The course itself: the README's test command already runs every hidden suite against the
/// reference solutions (the default targets); this grades the *starters* with the grader and
/// checks that every one of them compiles and fails, so no exercise is done before it starts.
@Suite struct RealCourseTests {
    @Test func everyStarterCompilesAndFails() throws {
        var options = Grader.Options(root: mainRoot)
        options.stateFolder = testBinaryFolder + "/grading-real-course"
        // A starter must fail its tests; whether ThreadSanitizer also sees a race does not
        // change that, and its build would double this test's time.
        options.threadSanitizer = false
        let outcome = try Grader(options: options).run()
        #expect(!outcome.results.isEmpty)
        for result in outcome.results {
            #expect([.failed, .dataRace, .deadlock].contains(result.verdict), "starter of \(result.exerciseID): \(result.verdict) \(result.problem ?? "") \(result.diagnostics.joined(separator: "\n"))")
            #expect(result.tests.contains { $0.outcome == .failed } || !result.findings.isEmpty)
        }
    }
}
