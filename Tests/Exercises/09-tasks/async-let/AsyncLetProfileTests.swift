import AsyncLetProfile
import CourseChecks
import Synchronization
import XCTest

final class AsyncLetProfileTests: XCTestCase {
    func testTheProfileHoldsWhatTheThreeCallsAnswered() async throws {
        let service = SlowService(delay: .milliseconds(20))
        let outcome = await runBounded(.seconds(5)) { try await loadProfile(of: 7, from: service) }
        guard case .returned(let profile) = outcome else {
            return XCTFail("loadProfile(of: 7) with calls of 0.02 s did not return a profile within 5 s: \(outcome)")
        }
        XCTAssertEqual(profile, Profile(name: "user-7", avatar: [7, 7, 7], friends: ["user-8", "user-9"]),
                       "the profile should hold the name, avatar and friends the service answered for user 7")
    }

    /// The promise of `async let`: the three calls are in flight at the same moment, so the
    /// profile takes about as long as one call, measured against the three awaited in turn.
    func testTheThreeCallsRunAtTheSameTime() async throws {
        let service = SlowService(delay: .milliseconds(150))
        let check = try await Timing.ratioAsync(
            "three calls with async let vs the three in turn", atMost: 0.6,
            of: { _ = await runBounded(.seconds(5)) { try await loadProfile(of: 1, from: service) } },
            against: {
                _ = try await service.name(of: 1)
                _ = try await service.avatar(of: 1)
                _ = try await service.friends(of: 1)
            })
        XCTAssertEqual(service.gauge.peak, 3, """
            at most \(service.gauge.peak) of the three calls were in flight at the same moment: start all three \
            (`async let`) before you await any of them
            """)
        XCTAssertTrue(check.passed, "\(check). Three 0.15 s calls at once should take about 0.15 s, not 0.45 s")
    }

    /// Structured concurrency: when a call throws, `loadProfile` throws its error, and the calls
    /// still running are cancelled and finished before it returns.
    func testAFailingCallLeavesNoCallRunning() async throws {
        let service = SlowService(delay: .milliseconds(300), slowFriends: .seconds(2), failingAvatar: true)
        let outcome = await runBounded(.seconds(5)) { try await loadProfile(of: 3, from: service) }
        let stillRunning = service.gauge.current
        guard case .threw(let error) = outcome else {
            return XCTFail("the avatar call threw, so loadProfile should throw too; it gave \(outcome)")
        }
        XCTAssertEqual(error, "\(ServiceError.avatarUnavailable)", "loadProfile should throw the error the failing call threw")
        XCTAssertEqual(stillRunning, 0, """
            \(stillRunning) call(s) were still running when loadProfile threw: calls started with `Task { }` \
            are not cancelled with it and run on, unwatched. `async let` children are cancelled and \
            awaited before the error leaves the function
            """)
        XCTAssertGreaterThan(service.cancelledCalls, 0, "the 2 s friends call should have been cancelled when the avatar call failed")
    }
}

enum ServiceError: Error, CustomStringConvertible {
    case avatarUnavailable
    var description: String { "avatar unavailable" }
}

/// A profile service whose calls sleep (cancellably) and count themselves in flight.
final class SlowService: ProfileService {
    let gauge = InFlightGauge()
    private let delay: Duration
    private let slowFriends: Duration?
    private let failingAvatar: Bool
    private let cancelled = Atomic<Int>(0)

    init(delay: Duration, slowFriends: Duration? = nil, failingAvatar: Bool = false) {
        (self.delay, self.slowFriends, self.failingAvatar) = (delay, slowFriends, failingAvatar)
    }

    var cancelledCalls: Int { cancelled.load(ordering: .relaxed) }

    func name(of user: Int) async throws -> String {
        try await call(delay) { "user-\(user)" }
    }

    func avatar(of user: Int) async throws -> [UInt8] {
        guard failingAvatar else { return try await call(delay) { [UInt8(user), UInt8(user), UInt8(user)] } }
        return try await call(.milliseconds(50)) { throw ServiceError.avatarUnavailable }
    }

    func friends(of user: Int) async throws -> [String] {
        try await call(slowFriends ?? delay) { ["user-\(user + 1)", "user-\(user + 2)"] }
    }

    private func call<Value>(_ duration: Duration, _ answer: () throws -> Value) async throws -> Value {
        try await gauge.measure {
            do {
                try await Task.sleep(for: duration)
            } catch {
                cancelled.wrappingAdd(1, ordering: .relaxed)
                throw error
            }
            return try answer()
        }
    }
}
