import CourseChecks
import Multitasking
import ProducerConsumerProcesses
import XCTest

final class ProducerConsumerProcessesTests: XCTestCase {
    func testThreeProducersThreeConsumers() {
        check(items: Array(0..<150), producers: 3, consumers: 3, queueSize: 4)
    }

    func testOneProducerFourConsumers() {
        check(items: Array(100..<180), producers: 1, consumers: 4, queueSize: 2)
    }

    func testMoreConsumersThanItems() {
        check(items: [7, 8], producers: 2, consumers: 5, queueSize: 1)
    }

    func testNoItems() {
        check(items: [], producers: 2, consumers: 2, queueSize: 3)
    }

    /// Consumers slower than the producer (1,200 items at 0.5 ms each, shared by 2 consumers:
    /// 0.3 s at least), so the producer waits for room in the queue for longer than any fixed
    /// wait in place of joining it: the sentinels go in only once it has ended.
    func testSlowConsumersKeepTheProducerWaiting() {
        check(items: Array(0..<1_200), producers: 1, consumers: 2, queueSize: 2)
    }

    /// When runPipeline returns, every producer and consumer has ended and been joined, even
    /// ones that take a while to end after their work (here each lingers 0.5 s); and all of
    /// them were under way at once.
    func testEveryProcessIsJoinedBeforeItReturns() {
        // On runBounded's thread, which starts the processes: other suites start children too.
        let outcome = runBounded(.seconds(10)) {
            try ChildProcesses.endingLate(by: .milliseconds(500)) {
                try runPipeline(items: Array(0..<40), producers: 2, consumers: 3, queueSize: 4)
            }
        }
        guard case .returned(let seen) = outcome else {
            return XCTFail("40 items, 2 producers, 3 consumers: runPipeline did not return within 10 s: \(outcome)")
        }
        XCTAssertEqual(seen.value, (0..<40).map { $0 * $0 }, "expected each of the 40 items refined once, sorted")
        XCTAssertTrue(seen.leftBehind.isEmpty, "runPipeline returned while \(seen.leftBehind.count) of its processes had not ended or were unjoined (each takes 0.5 s to end here): join every producer and every consumer; a sleep is not a join")
        XCTAssertEqual(seen.mostAtOnce, 5, "at most \(seen.mostAtOnce) of the 5 processes were under way at once: start every producer and consumer before joining any")
    }

    private func check(items: [Int], producers: Int, consumers: Int, queueSize: Int,
                       file: StaticString = #filePath, line: UInt = #line) {
        let setup = "\(items.count) items, \(producers) producer(s), \(consumers) consumer(s), a work queue of maxsize \(queueSize)"
        let outcome = runBounded(.seconds(8)) {
            try runPipeline(items: items, producers: producers, consumers: consumers, queueSize: queueSize)
        }
        switch outcome {
        case .hung:
            XCTFail("\(setup): runPipeline was still running after 8 s. A consumer that never gets its own sentinel waits for ever (put one nil per consumer), and sentinels put before the producers have finished stop the consumers while producers still wait for room in the queue.", file: file, line: line)
        case .threw(let error):
            XCTFail("\(setup): runPipeline threw \(error)", file: file, line: line)
        case .returned(let results):
            let expected = items.map { $0 * $0 }.sorted()
            let missing = Multiset(expected).subtracting(Multiset(results))
            let extra = Multiset(results).subtracting(Multiset(expected))
            XCTAssertTrue(missing.isEmpty && extra.isEmpty,
                          "\(setup): expected each of the \(items.count) items refined exactly once; missing results \(missing.sortedElements.prefix(10)), unexpected or duplicated results \(extra.sortedElements.prefix(10))",
                          file: file, line: line)
            XCTAssertEqual(results, results.sorted(), "the results should be returned sorted", file: file, line: line)
        }
    }
}

/// Counts of values, to name what is missing and what is duplicated.
private struct Multiset {
    var counts: [Int: Int] = [:]
    init(_ values: [Int]) { for value in values { counts[value, default: 0] += 1 } }
    func subtracting(_ other: Multiset) -> Multiset {
        var result = Multiset([])
        for (value, count) in counts where count > other.counts[value, default: 0] {
            result.counts[value] = count - other.counts[value, default: 0]
        }
        return result
    }
    var isEmpty: Bool { counts.isEmpty }
    var sortedElements: [Int] { counts.keys.sorted().flatMap { Array(repeating: $0, count: counts[$0]!) } }
}
