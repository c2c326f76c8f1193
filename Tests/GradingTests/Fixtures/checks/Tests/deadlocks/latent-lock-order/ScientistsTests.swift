import LatentLockOrder
import Multitasking
import XCTest

/// The scientists eat one after the other, so this run cannot hang; only the lock-order
/// check can tell that the orders are opposite.
final class ScientistsTests: XCTestCase {
    func testBothScientistsEat() throws {
        let meals = Meals()
        let first = Thread(name: "scientist A") { scientistA { meals.eat() } }
        try first.start()
        try first.join()
        let second = Thread(name: "scientist B") { scientistB { meals.eat() } }
        try second.start()
        try second.join()
        XCTAssertEqual(meals.count, 2)
    }
}

/// Meals eaten, counted under the runtime's lock (taken last, never while waiting for another).
final class Meals: @unchecked Sendable {
    private let lock = Lock(name: "meals")
    private var eaten = 0
    func eat() { lock.withLock { eaten += 1 } }
    var count: Int { lock.withLock { eaten } }
}
