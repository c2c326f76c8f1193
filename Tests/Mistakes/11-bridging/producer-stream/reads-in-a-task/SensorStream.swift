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
    let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(newest))
    // A task instead of a thread: each blocking next() holds a thread of the cooperative pool.
    let reader = Task {
        while !Task.isCancelled, let sample = sensor.next() {
            continuation.yield(sample)
        }
        continuation.finish()
    }
    continuation.onTermination = { _ in reader.cancel() }
    return stream
}
