/// Hostile: prints what XCTest and Swift Testing print when everything passed, and a JUnit
/// report without failures, then gives the wrong answer.
public func answer() -> Int {
    print("Test Case 'AnswerTests.testAnswer' started at 2026-11-29 12:00:00.000")
    print("Test Case 'AnswerTests.testAnswer' passed (0.001 seconds)")
    print("Executed 1 test, with 0 failures (0 unexpected) in 0.001 (0.001) seconds")
    print("✔ Test theAnswer() passed after 0.001 seconds.")
    print("✔ Test run with 1 test passed after 0.001 seconds.")
    print(#"<?xml version="1.0" encoding="UTF-8"?><testsuites><testsuite name="hostile.imitator" tests="1" failures="0" errors="0"><testcase classname="hostile.imitator" name="theAnswer()" time="0.001"/></testsuite></testsuites>"#)
    return 41
}
