/// A thermometer's driver, written before async/await: `measure` returns at once, and later,
/// on a thread of the driver's (or, if the driver has a reading cached, on the caller's thread
/// before `measure` returns), it calls `completion` exactly once with a temperature in degrees
/// Celsius, or with the error that prevented a reading, or, when the sensor had nothing to
/// say, with neither.
public protocol Thermometer: Sendable {
    func measure(completion: @escaping @Sendable (_ celsius: Double?, _ error: (any Error)?) -> Void)
}

/// What `temperature(from:)` throws when the driver gave neither a reading nor an error.
public struct NoReading: Error, Equatable, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "the thermometer gave neither a reading nor an error" }
}

/// Measures with `thermometer` and returns the temperature, suspending the calling task until
/// the driver calls back; the task's thread runs other tasks meanwhile. Throws the driver's
/// error if it gave one (even with a reading), and `NoReading()` if it gave neither.
public func temperature(from thermometer: some Thermometer) async throws -> Double {
    try await withCheckedThrowingContinuation { continuation in
        thermometer.measure { celsius, error in
            // One resume with a Result: the three paths are one expression.
            let result: Result<Double, any Error> = switch (celsius, error) {
            case (_, let error?): .failure(error)
            case (let celsius?, nil): .success(celsius)
            case (nil, nil): .failure(NoReading())
            }
            continuation.resume(with: result)
        }
    }
}
