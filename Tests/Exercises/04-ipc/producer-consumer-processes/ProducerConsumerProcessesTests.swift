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
