import Glibc
import Multitasking

/// Runs `body` under the runtime's explorer (`Exploration`): its threads run one at a time
/// under up to `budget` schedules picked by `strategy`, switching only at runtime operations,
/// with a virtual clock for sleeps and timeouts. Throws the first failing schedule (a deadlock,
/// a lost wake-up, a livelock, or an error any thread threw), with the schedule string that
/// replays it and a per-thread timeline; a throwing XCTest method fails with that text.
///
///     func testNoTicketIsSoldTwice() throws {
///         try explore(.pct(), budget: 500) {
///             let office = TicketOffice(tickets: 1)
///             let buyers = (0..<2).map { _ in Thread { _ = office.buy() } }
///             for buyer in buyers { try buyer.start() }
///             for buyer in buyers { try buyer.join() }
///             try check(office.sold == 1, "sold \(office.sold) tickets")
///         }
///     }
///
/// The grader can override the strategy and budget for a whole exercise (`MULTITASKING_EXPLORE`,
/// from course.xml's `<checks explore="pct:2000">`) and replay one schedule
/// (`MULTITASKING_SCHEDULE`, from `grade --schedule`): then only that schedule runs, and its
/// timeline is printed even when it passes.
public func explore(
    _ strategy: ExplorationStrategy = .pct(), budget: Int = 1000,
    _ body: @escaping @Sendable () throws -> Void
) throws(Exploration.Failure) {
    let environment = ExploreEnvironment.current
    if let schedule = environment.schedule {
        switch Exploration.replay(schedule, body) {
        case .failure(let failure): throw failure
        case .success(let summary): print("The schedule passed.\n\(summary.timeline ?? "")")
        }
        return
    }
    let (chosen, chosenBudget) = environment.override ?? (strategy, budget)
    if case .failure(let failure) = Exploration.explore(chosen, budget: chosenBudget, body) { throw failure }
}

/// An expectation inside an explored body: a false condition fails the schedule.
public func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(ExpectationFailed) {
    if !condition { throw ExpectationFailed(message: message()) }
}

public struct ExpectationFailed: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "expectation failed: \(message)" }
}

/// The explorer settings the grader passes in the environment.
struct ExploreEnvironment {
    var override: (ExplorationStrategy, Int)?
    var schedule: Schedule?

    static var current: ExploreEnvironment {
        parse { getenv($0).map { String(cString: $0) } }
    }

    /// `MULTITASKING_EXPLORE` is "strategy:budget" ("pct:2000", "dfs2:500"); a malformed value
    /// is reported and ignored rather than silently changing what the suite checks.
    static func parse(_ variable: (String) -> String?) -> ExploreEnvironment {
        var environment = ExploreEnvironment()
        if let text = variable("MULTITASKING_EXPLORE"), !text.isEmpty {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, let strategy = ExplorationStrategy(parts[0]), let budget = Int(parts[1]), budget > 0 {
                environment.override = (strategy, budget)
            } else {
                writeLine("MULTITASKING_EXPLORE must be strategy:budget (random, pct, pctN, dfs or dfsN, then a count), not '\(text)'")
            }
        }
        if let text = variable("MULTITASKING_SCHEDULE"), !text.isEmpty {
            if let schedule = Schedule(text) {
                environment.schedule = schedule
            } else {
                writeLine("MULTITASKING_SCHEDULE is not a schedule string: '\(text)'")
            }
        }
        return environment
    }

    private static func writeLine(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
