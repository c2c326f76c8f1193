// Exercise producer-stream: an AsyncStream fed by a thread, which stops when nobody listens.
// Lesson: Exercises/11-bridging/lesson.md, section "producer-stream".
// Stuck? `swift run grade hint producer-stream` gives one more hint each time you ask.

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
    // TODO: make the stream and its continuation with a buffering policy; start a runtime
    // thread that yields every sample and finishes the stream; stop it on termination.
    AsyncStream { continuation in continuation.finish() }
}
