import CourseChecks
import Multitasking
import ScientistsAndNoodles
import Testing

/// Serialized: one test turns the runtime's lock-order check on for the whole process.
@Suite(.serialized) struct ScientistsAndNoodlesTests {
    static let scientists = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Tony"]

    @Test func everyScientistEatsOnceAndNeverTwoAtATime() throws {
        let watch = DinnerWatch()
        let outcome = try dinnerWithTimeout(Self.scientists, eat: watch.eat)
        guard let order = outcome else { return }
        #expect(order.sorted() == Self.scientists.sorted(),
                "every scientist should eat exactly once; the order returned was \(order)")
        #expect(watch.eaten.sorted() == Self.scientists.sorted(),
                "eat(name) should be called once per scientist; it was called for \(watch.eaten)")
        #expect(watch.mostAtOnce == 1,
                "\(watch.mostAtOnce) scientists ate at the same moment: each must hold the noodles AND the chopsticks while eating")
    }

    @Test func theResourcesAreNeverTakenInOppositeOrders() throws {
        let reports = try withLockOrderCheck {
            for _ in 0..<3 {
                guard try dinnerWithTimeout(Array(Self.scientists.prefix(6)), eat: { _ in }) != nil else { return }
            }
        }
        let found = reports.filter { report in
            report.steps.contains { "\($0.holds) \($0.wants)".contains("noodles") || "\($0.holds) \($0.wants)".contains("chopsticks") }
        }
        if !found.isEmpty {
            Issue.record("""
            the runtime's lock-order check saw the noodles and the chopsticks taken in opposite orders. \
            This run may not have hung, but another one will (each scientist holds what the other waits for). \
            Take them in one order, or use one RLock for both:
            \(found.map(\.description).joined(separator: "\n"))
            """)
        }
    }

    @Test func manyDinnersInARowNeverHang() throws {
        for round in 0..<30 {
            let watch = DinnerWatch()
            guard try dinnerWithTimeout(["Ada", "Alan", "Grace", "Edsger"], eat: watch.eat, round: round) != nil else { return }
        }
    }
}

/// Runs a dinner on a daemon thread and waits at most a few seconds. Returns the eating order,
/// or nil after recording a failure if the dinner is stuck.
func dinnerWithTimeout(
    _ scientists: [String], eat: @escaping @Sendable (String) -> Void, round: Int = 0
) throws -> [String]? {
    let result = ResultSlot<[String]>()
    let host = Thread(name: "host", daemon: true) {
        result.set(try serveDinner(to: scientists, at: NoodleTable(), eat: eat))
    }
    try host.start()
    guard try host.join(timeout: .seconds(5)) else {
        Issue.record("""
            Deadlock: dinner \(round + 1) for \(scientists) did not end within 5 s. Some scientist holds \
            one resource and waits for the other, which a second scientist holds while waiting for the \
            first. Take the noodles and the chopsticks in the same order everywhere.
            """)
        leaveStuckThreadsBehindAtExit()
        return nil
    }
    if let error = host.error { Issue.record("serveDinner threw: \(error)") }
    return result.value ?? []
}

/// Watches the eaters: who ate, and how many at the same moment at most.
final class DinnerWatch: @unchecked Sendable {
    private let lock = Lock(name: "test-dinner-watch")
    private var eating = 0
    private var most = 0
    private var names: [String] = []

    var eat: @Sendable (String) -> Void {
        { name in
            self.lock.withLock {
                self.eating += 1
                self.most = max(self.most, self.eating)
                self.names.append(name)
            }
            Thread.sleep(for: .milliseconds(2))
            self.lock.withLock { self.eating -= 1 }
        }
    }

    var mostAtOnce: Int { lock.withLock { most } }
    var eaten: [String] { lock.withLock { names } }
}
