import CourseChecks
import Glibc
import Multitasking
import ThreadPipeline
import XCTest

/// Each scenario runs on a daemon "host" thread joined with a timeout, so a `join()` that never
/// returns fails the test instead of hanging it.
final class ThreadPipelineTests: XCTestCase {
    /// Runs `body` on a daemon thread and returns its result, or nil after a failure if it is
    /// still running after `patience`.
    private func hosted<Value: Sendable>(
        _ what: String, patience: Duration = .seconds(10), file: StaticString = #filePath, line: UInt = #line,
        _ body: @escaping @Sendable () throws -> Value
    ) throws -> Value? {
        let result = Box<Value>()
        let host = Thread(name: "host", daemon: true) { result.set(try body()) }
        try host.start()
        guard try host.join(timeout: patience) else {
            leaveStuckThreadsBehindAtExit()
            XCTFail("""
                \(what) did not finish within \(patience). Items were lost: some submitted item was never \
                marked done, so join() waits for ever (do the workers stop when the queue is empty for a \
                moment? they must wait for the next item with get())
                """, file: file, line: line)
            return nil
        }
        if let error = host.error { XCTFail("\(what) threw \(error)", file: file, line: line) }
        return result.value
    }

    func testJoinReturnsOnlyWhenEveryItemIsProcessed() throws {
        let outcome = try hosted("submitting 8 slow items and joining") { () -> (Int, [Int]) in
            let pipeline = WorkPipeline(workers: 2) { item in
                Thread.sleep(for: .milliseconds(30))
                return item * item
            }
            try pipeline.start()
            for item in 0..<8 { pipeline.submit(item) }
            pipeline.join()
            let atJoin = pipeline.results.count
            return (atJoin, pipeline.results)
        }
        guard let (atJoin, results) = outcome else { return }
        XCTAssertEqual(atJoin, 8, """
            join() returned when only \(atJoin) of 8 results were stored: it returned early. Call \
            taskDone() after the item is transformed and its result stored, not when it is taken
            """)
        XCTAssertEqual(results, (0..<8).map { $0 * $0 }, "the squares of 0..<8")
    }

    func testItemsFromSeveralSlowProducersAreAllProcessed() throws {
        let outcome = try hosted("3 producers submitting 40 items each, with pauses") { () -> [Int] in
            let pipeline = WorkPipeline(workers: 3) { $0 + 1 }
            try pipeline.start()
            let producers = (0..<3).map { producer in
                Thread(name: "test-producer-\(producer)", daemon: true) {
                    for item in 0..<40 {
                        if item % 10 == 0 { Thread.sleep(for: .milliseconds(20)) }
                        pipeline.submit(producer * 100 + item)
                    }
                }
            }
            for producer in producers { try producer.start() }
            for producer in producers { try producer.join() }
            pipeline.join()
            return pipeline.results
        }
        guard let results = outcome else { return }
        let expected = (0..<3).flatMap { producer in (0..<40).map { producer * 100 + $0 + 1 } }.sorted()
        XCTAssertEqual(results.count, 120, "120 items were submitted; \(results.count) results were stored: items were lost")
        XCTAssertEqual(results, expected, "every item + 1, once each")
    }

    func testRunPipelineProcessesEveryProducersItems() throws {
        let outcome = try hosted("runPipeline with 3 producers and 2 workers") {
            try runPipeline(producers: [[1, 2, 3], [10, 20], [100], []], workers: 2) { $0 * 2 }
        }
        XCTAssertEqual(outcome, [2, 4, 6, 20, 40, 200], "every item of every producer, doubled, sorted")
        let many = try hosted("runPipeline with 4 producers of 50 items and 3 workers") {
            try runPipeline(producers: (0..<4).map { producer in (0..<50).map { producer * 50 + $0 } }, workers: 3) { $0 }
        }
        XCTAssertEqual(many, Array(0..<200), "4 producers of 50 items: all 200 results")
    }

    /// Slow work (20 ms an item, 2 workers) fed by 3 producers: the producers are all started
    /// before any is joined (they wait at the full queue together), runPipeline returns only
    /// when every item is processed, longer than any fixed wait put in place of a join, and the
    /// results read while the workers store them (under the race check) are read under the lock.
    func testSlowWorkFromProducersAtOnceIsAllWaitedFor() throws {
        let producers = (0..<3).map { producer in (0..<10).map { producer * 100 + $0 } }
        guard let (results, most) = try hosted("runPipeline with slow work", patience: .seconds(20), {
            try RunningThreads.mostAtOnce(named: "producer-") {
                try runPipeline(producers: producers, workers: 2) { item in
                    Multitasking.Thread.sleep(for: .milliseconds(20))
                    return item + 1
                }
            }
        }) else { return }
        XCTAssertEqual(results, producers.flatMap { $0 }.map { $0 + 1 }.sorted(),
                       "when runPipeline returned, \(results.count) of 30 results were stored (each item takes 20 ms): join the producers, then the pipeline")
        XCTAssertGreaterThan(most, 1, "the producers ran one after another (at most \(most) alive at once): start them all, then join them all")
    }

    func testResultsCanBeReadWhileTheWorkersStoreThem() throws {
        guard let seen = try hosted("reading results while 2 workers store them", patience: .seconds(20), { () -> Int in
            let pipeline = WorkPipeline(workers: 2) { $0 * 2 }
            try pipeline.start()
            let reader = Multitasking.Thread(name: "reader", daemon: true) {
                for _ in 0..<2_000 { _ = pipeline.results }
            }
            try reader.start()
            for item in 0..<300 { pipeline.submit(item) }
            pipeline.join()
            try reader.join()
            return pipeline.results.count
        }) else { return }
        XCTAssertEqual(seen, 300, "300 items submitted and joined, \(seen) results stored")
    }

    func testTheWorkersAreDaemonThreads() throws {
        let before = Set(enumerate().map { ObjectIdentifier($0) })
        let pipeline = WorkPipeline(workers: 3) { $0 }
        try pipeline.start()
        let workers = enumerate().filter { !before.contains(ObjectIdentifier($0)) && $0.name.hasPrefix("worker-") }
        XCTAssertGreaterThanOrEqual(workers.count, 3, "start() should start 3 threads named worker-0, worker-1, worker-2")
        XCTAssertEqual(workers.filter { !$0.daemon }.map(\.name), [], """
            these workers are not daemon threads: they loop for ever, so the program could never end. \
            Create them with Thread(name:daemon: true)
            """)
    }
}

/// The student's producers are not daemons: stuck on a full queue, they would keep this process
/// alive at exit (the runtime waits for non-daemon threads), and the suite would end in a
/// timeout instead of its failures. Once a test saw them stuck, the process leaves without
/// waiting. The handler is registered after the runtime's, so it runs first.
func leaveStuckThreadsBehindAtExit() {
    atexit {
        fflush(nil)
        _exit(1)
    }
}

final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = Lock(name: "test-box")
    private var stored: Value?
    func set(_ value: Value) { lock.withLock { stored = value } }
    var value: Value? { lock.withLock { stored } }
}
