import CallbackContinuation
import CourseChecks
import Multitasking
import Testing

/// Every path of the driver's callback (a reading, an error, both, neither; late on a thread of
/// the driver's, or at once on the caller's), each time under the pool-blocking watch: waiting
/// for the callback with a semaphore or a lock would hold a thread of the cooperative pool.
@Suite struct CallbackContinuationTests {
    @Test func returnsTheReading() async {
        let outcome = await measureWatched(FakeThermometer(celsius: 21.5), "a reading of 21.5 °C after 0.02 s")
        #expect(outcome == .returned(21.5), "the driver called back with 21.5 °C, so temperature(from:) should return 21.5; it gave \(outcome)")
    }

    @Test func throwsTheDriversError() async {
        let outcome = await measureWatched(FakeThermometer(error: .unplugged), "the error 'unplugged'")
        #expect(outcome == .threw("\(DriverError.unplugged)"), """
            the driver called back with an error, so temperature(from:) should throw it; it gave \(outcome)\
            \(outcome == .hung ? ". A continuation that is never resumed leaves its task suspended for good (the runtime prints that it 'leaked its continuation'): resume it on the error path too" : "")
            """)
    }

    @Test func anErrorWinsOverAReading() async {
        let outcome = await measureWatched(FakeThermometer(celsius: 19, error: .overheated), "both 19 °C and the error 'overheated'")
        #expect(outcome == .threw("\(DriverError.overheated)"), """
            the driver called back with a reading and an error, so temperature(from:) should throw the error; it gave \(outcome)
            """)
    }

    @Test func neitherReadingNorErrorThrowsNoReading() async {
        let outcome = await measureWatched(FakeThermometer(), "neither a reading nor an error")
        #expect(outcome == .threw("\(NoReading())"), """
            the driver called back with neither a reading nor an error, so temperature(from:) should throw NoReading(); it gave \(outcome)\
            \(outcome == .hung ? ". Every path of the callback must resume the continuation, this one too" : "")
            """)
    }

    @Test func aCallbackBeforeMeasureReturns() async {
        let outcome = await measureWatched(FakeThermometer(celsius: 4, delay: nil), "4 °C called back before measure returned")
        #expect(outcome == .returned(4), "a driver with a cached reading calls back before measure returns; temperature(from:) should still return 4; it gave \(outcome)")
    }

    /// 200 measurements at once from a task group, each called back on a thread of its own
    /// with one of the four answers: each caller gets its own answer, and none blocks the pool.
    @Test func manyMeasurementsAtOnce() async {
        let count = 200
        let check = await forbidBlockingThePool {
            await runBounded(.seconds(5)) {
                await withTaskGroup(of: (Int, BoundedOutcome<Double>).self) { group in
                    for index in 0..<count {
                        group.addTask {
                            let thermometer = FakeThermometer.answer(index)
                            let outcome: BoundedOutcome<Double>
                            do { outcome = .returned(try await temperature(from: thermometer)) } catch { outcome = .threw("\(error)") }
                            return (index, outcome)
                        }
                    }
                    var wrong: [String] = []
                    for await (index, outcome) in group where outcome != FakeThermometer.expected(index) {
                        wrong.append("measurement \(index) gave \(outcome) instead of \(FakeThermometer.expected(index))")
                    }
                    return wrong
                }
            }
        }
        guard case .returned(let wrong) = check.value else {
            Issue.record("200 measurements at once did not all finish within 5 s: \(check.value)")
            return
        }
        #expect(wrong.isEmpty, "\(wrong.count) of 200 measurements at once got a wrong answer: \(wrong.prefix(3).joined(separator: "; "))")
        if !check.passed { Issue.record("\(check.message(function: "temperature(from:)"))") }
    }
}

/// `temperature(from:)` with a time limit and the pool-blocking watch; records a blocking wait.
private func measureWatched(_ thermometer: FakeThermometer, _ what: String) async -> BoundedOutcome<Double> {
    let check = await forbidBlockingThePool {
        await runBounded(.seconds(2)) { try await temperature(from: thermometer) }
    }
    if !check.passed { Issue.record("measuring \(what): \(check.message(function: "temperature(from:)"))") }
    return check.value
}

enum DriverError: Error, CustomStringConvertible {
    case unplugged, overheated
    var description: String { self == .unplugged ? "the thermometer is unplugged" : "the thermometer overheated" }
}

/// A driver that calls back once, after `delay` on a runtime thread of its own (nil: at once,
/// on the caller's thread, before `measure` returns).
struct FakeThermometer: Thermometer {
    var celsius: Double?
    var error: DriverError?
    var delay: Duration? = .milliseconds(20)

    func measure(completion: @escaping @Sendable (Double?, (any Error)?) -> Void) {
        let (celsius, error) = (self.celsius, self.error)
        guard let delay else { return completion(celsius, error) }
        let driver = Thread(name: "thermometer-driver", daemon: true) {
            Thread.sleep(for: delay)
            completion(celsius, error)
        }
        do { try driver.start() } catch { fatalError("the test's driver thread did not start: \(error)") }
    }

    /// The `index`th of many: the four kinds of answer in turn, some at once, others late.
    static func answer(_ index: Int) -> FakeThermometer {
        let delay: Duration? = index % 5 == 0 ? nil : .milliseconds(index % 7 * 5)
        switch index % 4 {
        case 0: return FakeThermometer(celsius: Double(index), delay: delay)
        case 1: return FakeThermometer(error: .unplugged, delay: delay)
        case 2: return FakeThermometer(celsius: Double(index), error: .overheated, delay: delay)
        default: return FakeThermometer(delay: delay)
        }
    }

    static func expected(_ index: Int) -> BoundedOutcome<Double> {
        switch index % 4 {
        case 0: return .returned(Double(index))
        case 1: return .threw("\(DriverError.unplugged)")
        case 2: return .threw("\(DriverError.overheated)")
        default: return .threw("\(NoReading())")
        }
    }
}
