import PassingX
import XCTest

final class AddTests: XCTestCase {
    func testSmall() { XCTAssertEqual(add(1, 2), 3) }
    func testNegative() { XCTAssertEqual(add(-1, -2), -3) }
}
