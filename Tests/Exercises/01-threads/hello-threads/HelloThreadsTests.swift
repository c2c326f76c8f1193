import HelloThreads
import XCTest

final class HelloThreadsTests: XCTestCase {
    func testEveryWorkerReportsItsName() throws {
        XCTAssertEqual(
            try greetingsFromWorkers(count: 3), ["worker-0", "worker-1", "worker-2"],
            "each of the 3 threads should append its own name")
    }

    func testManyWorkersLoseNoName() throws {
        let names = try greetingsFromWorkers(count: 16)
        XCTAssertEqual(names.count, 16, "16 threads should give 16 names; were some lost?")
        XCTAssertEqual(Set(names).count, 16, "every name should appear once")
    }

    func testZeroWorkers() throws {
        XCTAssertEqual(try greetingsFromWorkers(count: 0), [])
    }
}
