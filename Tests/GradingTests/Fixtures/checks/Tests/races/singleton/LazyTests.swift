import Multitasking
import Singleton
import XCTest

final class Instance: Sendable {}

/// Values shared by the test's threads, always under its lock.
final class Tally: @unchecked Sendable {
    let lock = Lock(name: "tally")
    var creations = 0
    var instances: Set<ObjectIdentifier> = []
}

final class LazyTests: XCTestCase {
    func testEightThreadsGetOneInstance() throws {
        let tally = Tally()
        let lazy = Lazy { () -> Instance in
            tally.lock.withLock { tally.creations += 1 }
            Thread.sleep(for: .milliseconds(20))  // a slow constructor: the window is real
            return Instance()
        }
        let start = Barrier(parties: 8)
        let threads = (1...8).map { index in
            Thread(name: "caller-\(index)") {
                _ = try? start.wait()
                let instance = lazy.get()
                tally.lock.withLock { _ = tally.instances.insert(ObjectIdentifier(instance)) }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        XCTAssertEqual(tally.lock.withLock { tally.creations }, 1, "the instance was created more than once")
        XCTAssertEqual(tally.lock.withLock { tally.instances.count }, 1, "callers got different instances")
    }
}
