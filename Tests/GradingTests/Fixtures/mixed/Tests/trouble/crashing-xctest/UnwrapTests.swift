import CrashingX
import XCTest

final class UnwrapTests: XCTestCase {
    func testEmpty() { XCTAssertEqual(first([]), 0) }
}
