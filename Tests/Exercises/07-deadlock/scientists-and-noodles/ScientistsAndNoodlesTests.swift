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

    /// Slow eaters (0.15 s each): every scientist eats holding both the noodles and the
    /// chopsticks, the scientists' threads are all started before any is joined (they wait at
    /// the table together), and the dinner ends only when everybody has eaten, longer than any
    /// fixed wait put in place of the joins.
    @Test func slowEatersHoldBothAndTheDinnerWaitsForThemAll() throws {
        let table = NoodleTable()
        let watch = DinnerWatch(table: table, eating: .milliseconds(150))
        let scientists = ["dr-1", "dr-2", "dr-3", "dr-4"]
        let (order, most) = try RunningThreads.mostAtOnce(named: "dr-") { try dinnerWithTimeout(scientists, at: table, eat: watch.eat) }
        guard let order else { return }
        #expect(order.sorted() == scientists, "when serveDinner returned, only \(order) had eaten (each takes 0.15 s): join every scientist's thread")
        #expect(watch.notHeld.isEmpty, "a scientist ate without holding \(Set(watch.notHeld).sorted().joined(separator: " and ")): hold both while eating")
        #expect(most > 1, "the scientists' threads ran one after another (at most \(most) alive at once): start them all, then join them all")
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
    _ scientists: [String], at table: NoodleTable = NoodleTable(), eat: @escaping @Sendable (String) -> Void, round: Int = 0
) throws -> [String]? {
    let result = ResultSlot<[String]>()
    let host = Thread(name: "host", daemon: true) {
        result.set(try serveDinner(to: scientists, at: table, eat: eat))
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
    private var unheld: [String] = []
    private let table: NoodleTable?
    private let eatingTime: Duration

    /// With a `table`, each eater also checks that the noodles and the chopsticks are held
    /// (when they are the runtime's `Lock`s; one `RLock` for both is not looked at).
    init(table: NoodleTable? = nil, eating: Duration = .milliseconds(2)) {
        (self.table, eatingTime) = (table, eating)
    }

    var eat: @Sendable (String) -> Void {
        { name in
            var missing: [String] = []
            if let table = self.table {
                if let noodles = table.noodles as? Lock, !noodles.isLocked { missing.append("the noodles") }
                if let chopsticks = table.chopsticks as? Lock, !chopsticks.isLocked { missing.append("the chopsticks") }
            }
            self.lock.withLock {
                self.eating += 1
                self.most = max(self.most, self.eating)
                self.names.append(name)
                self.unheld += missing
            }
            Thread.sleep(for: self.eatingTime)
            self.lock.withLock { self.eating -= 1 }
        }
    }

    var notHeld: [String] { lock.withLock { unheld } }

    var mostAtOnce: Int { lock.withLock { most } }
    var eaten: [String] { lock.withLock { names } }
}
