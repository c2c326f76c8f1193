import Multitasking

/// A sensor read by blocking calls, as device drivers offer them: `next()` blocks the calling
/// thread until the next sample comes, and returns nil once the sensor is closed.
public protocol Sensor: Sendable {
    func next() -> Int?
}

/// The samples of `sensor` as an `AsyncStream`, read by a runtime thread named "sensor-reader"
/// (never by a task: `next()` blocks).
///
/// - The stream holds at most the `newest` samples the consumer has not taken yet: when it
///   falls behind, the oldest are dropped.
/// - It ends once the sensor is closed.
/// - When the consumer stops listening (it leaves its `for await` loop, or its task is
///   cancelled), the thread stops reading the sensor.
public func samples(of sensor: some Sensor, keepingNewest newest: Int) -> AsyncStream<Int> {
    let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .unbounded)  // every sample is kept, however old
    // Set when the consumer stops (or the stream ends): the reader checks it before each read.
    let stop = Event(name: "sensor-reader.stop")
    continuation.onTermination = { _ in stop.set() }
    let reader = Thread(name: "sensor-reader", daemon: true) {
        while !stop.isSet, let sample = sensor.next() {
            continuation.yield(sample)
        }
        continuation.finish()
    }
    do {
        try reader.start()
    } catch {
        continuation.finish()
    }
    return stream
}
