import CourseChecks
import Multitasking
import SensorStream
import Synchronization
import Testing

/// The stream's three promises (every sample in order until the sensor closes, only the newest
/// kept for a slow consumer, the reader stopped when the consumer leaves or is cancelled), and
/// that the blocking reads happen on a runtime thread, not on the cooperative pool.
@Suite struct SensorStreamTests {
    @Test func deliversEverySampleInOrderAndEnds() async {
        let sensor = FakeSensor(samples: 300, interval: .microseconds(200))
        let check = await forbidBlockingThePool {
            await runBounded(.seconds(10)) {
                var received: [Int] = []
                for await sample in samples(of: sensor, keepingNewest: 1000) { received.append(sample) }
                return received
            }
        }
        guard case .returned(let received) = check.value else {
            Issue.record("""
                the sensor closed after 300 samples, but the stream did not end within 10 s (\(check.value)): \
                finish the continuation when next() returns nil
                """)
            return
        }
        #expect(received == Array(0..<300), "a consumer that keeps up should get the 300 samples in order; it got \(received.count): \(received.prefix(5))...")
        #expect(sensor.readerNames == ["sensor-reader"], "the sensor should be read by one runtime thread named 'sensor-reader'; it was read by \(sensor.readerNames.sorted())")
        if !check.passed { Issue.record("\(check.message(function: "samples(of:keepingNewest:)"))") }
    }

    /// The consumer looks only after the sensor is closed: of 50 samples, the newest 5 wait.
    @Test func keepsOnlyTheNewestWhileTheConsumerIsAway() async {
        let sensor = FakeSensor(samples: 50, interval: nil)
        let outcome = await runBounded(.seconds(10)) {
            let stream = samples(of: sensor, keepingNewest: 5)
            sensor.closed.wait()
            var received: [Int] = []
            for await sample in stream { received.append(sample) }
            return received
        }
        #expect(outcome == .returned(Array(45..<50)), """
            the sensor gave 50 samples while the consumer was away, and the stream keeps the newest 5: \
            the consumer should get 45...49; it got \(outcome). \
            The buffering policy is the second argument of AsyncStream.makeStream
            """)
    }

    @Test func stopsReadingWhenTheConsumerLeaves() async {
        let sensor = FakeSensor(samples: nil, interval: .milliseconds(2))
        let outcome = await runBounded(.seconds(10)) {
            var taken = 0
            for await _ in samples(of: sensor, keepingNewest: 10) {
                taken += 1
                if taken == 10 { break }
            }
            return taken
        }
        #expect(outcome == .returned(10))
        await expectReaderStops(sensor, after: "the consumer left its for-await loop after 10 samples")
    }

    @Test func stopsReadingWhenTheConsumerIsCancelled() async {
        let sensor = FakeSensor(samples: nil, interval: .milliseconds(2))
        let consumer = Task {
            var taken = 0
            for await _ in samples(of: sensor, keepingNewest: 10) { taken += 1 }
            return taken
        }
        try? await Task.sleep(for: .milliseconds(50))
        consumer.cancel()
        let outcome = await runBounded(.seconds(10)) { await consumer.value }
        guard case .returned = outcome else {
            Issue.record("a consumer cancelled in its for-await loop should leave the loop; it gave \(outcome)")
            return
        }
        await expectReaderStops(sensor, after: "the consumer's task was cancelled")
    }
}

/// Gives the reader 0.1 s to notice (it reads every 0.002 s), then expects no read in 0.2 s.
private func expectReaderStops(_ sensor: FakeSensor, after what: String) async {
    try? await Task.sleep(for: .milliseconds(100))
    let before = sensor.reads
    try? await Task.sleep(for: .milliseconds(200))
    let after = sensor.reads
    #expect(after == before, """
        \(what), but the reader went on reading the sensor (\(after - before) reads in 0.2 s, 0.1 s later): \
        stop the thread when the stream terminates (continuation.onTermination)
        """)
}

/// A sensor whose `next()` blocks `interval` (a runtime sleep; nil: no wait) and returns 0, 1,
/// 2, ... then nil after `samples` (nil: never).
final class FakeSensor: Sensor {
    private let samples: Int?
    private let interval: Duration?
    private let count = Atomic<Int>(0)
    private let readers = Mutex<Set<String>>([])
    /// Set when `next()` first returns nil.
    let closed = Event(name: "sensor closed")

    init(samples: Int?, interval: Duration?) {
        (self.samples, self.interval) = (samples, interval)
    }

    var reads: Int { count.load(ordering: .relaxed) }
    var readerNames: Set<String> { readers.withLock { $0 } }

    func next() -> Int? {
        let name = Thread.current.name
        readers.withLock { _ = $0.insert(name) }
        if let interval { Thread.sleep(for: interval) }
        let index = count.wrappingAdd(1, ordering: .relaxed).oldValue
        if let samples, index >= samples {
            closed.set()
            return nil
        }
        return index
    }
}
