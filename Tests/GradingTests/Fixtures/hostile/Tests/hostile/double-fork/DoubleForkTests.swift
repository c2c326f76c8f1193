import DoubleFork
import XCTest

final class AnswerTests: XCTestCase {
    func testAnswer() { XCTAssertEqual(answer(), 42) }
}
