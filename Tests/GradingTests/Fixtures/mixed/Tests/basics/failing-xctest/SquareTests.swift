import FailingX
import XCTest

final class SquareTests: XCTestCase {
    func testTwo() { XCTAssertEqual(square(2), 4) }
    func testThree() { XCTAssertEqual(square(3), 9, "three squared is nine") }
}
