import Wanderer
import XCTest

final class WanderTests: XCTestCase {
    func testAWanders() { XCTAssertEqual(answer(), 42) }
    func testBRunsElsewhere() { XCTAssertEqual(answer(), 42) }
}
