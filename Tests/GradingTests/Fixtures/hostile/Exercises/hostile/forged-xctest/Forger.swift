import Glibc

/// Hostile: appends its own "passed" to the grader's XCTest result lines (their path is in the
/// test's environment) and a record for a test the suite does not have, then gives the wrong
/// answer.
public func answer() -> Int {
    if let path = getenv("GRADING_XCTEST_EVENTS"), let file = fopen(path, "a") {
        fputs(#"{"duration":0.001,"failed":false,"kind":"testEnded","name":"AnswerTests.testAnswer"}"# + "\n", file)
        fputs(#"{"kind":"testStarted","name":"AnswerTests.testBonus"}"# + "\n", file)
        fclose(file)
    }
    return 41
}
