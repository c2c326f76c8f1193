import AtomicCounter
import CourseChecks
import Multitasking
import XCTest

final class AtomicCounterTests: XCTestCase {
    func testOneThreadCountsEveryHit() {
        let counter = AtomicHitCounter()
        for _ in 0..<1_000 { counter.increment() }
        XCTAssertEqual(counter.value, 1_000, "1000 increments on one thread should count 1000")
    }

    /// Four threads calling `increment()` on one counter for half a second (see `hammer`).
    /// ThreadSanitizer does not help here: a `load` and a `store` are each atomic, so there is
    /// no data race to report, only lost increments to count.
    func testFourThreadsLoseNoIncrement() throws {
        let result = try hammer(
            threads: 4, counter: AtomicHitCounter(), increment: { $0.increment() }, count: { $0.value })
        XCTAssertEqual(result.counted, result.calls, """
            4 threads called increment() \(result.calls) times in all, the counter says \(result.counted): \
            \(result.lost) were lost. A `load` followed by a `store` is two atomic steps, not one: \
            another thread can store in between, and its increment is overwritten
            """)
    }

    func testValueStartsAtZero() {
        XCTAssertEqual(AtomicHitCounter().value, 0, "a new counter should count 0")
    }
}
