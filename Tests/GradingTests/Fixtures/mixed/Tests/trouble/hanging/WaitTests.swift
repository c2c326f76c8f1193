import Hanging
import XCTest

final class WaitTests: XCTestCase {
    func testAnswer() { XCTAssertEqual(waitForAnswer(), 42) }
}
