import Synchronization

/// The match's own actor. Everything marked `@MatchActor`, in any type, shares its one isolation:
/// code on it runs one piece at a time, and it reaches every `@MatchActor` object without `await`.
@globalActor public actor MatchActor {
    public static let shared = MatchActor()
}

/// Tells the world about a goal: a radio, a push notification. It suspends while it does.
public protocol Broadcaster: Sendable {
    func announce(_ line: String) async
}

/// PROVIDED: the goals per team.
@MatchActor public final class Board {
    public var goals: [String: Int] = [:]
    nonisolated public init() {}
}

/// PROVIDED: the lines shown under the match, oldest first.
@MatchActor public final class Ticker {
    public private(set) var lines: [String] = []
    nonisolated public init() {}
    public func append(_ line: String) { lines.append(line) }
}

/// A match followed by many reporters at once: tasks report goals, the stadium's display (a
/// runtime thread, which cannot `await`) shows the latest line.
@MatchActor public final class Match {
    nonisolated public let home: String
    nonisolated public let away: String
    public let board = Board()
    public let ticker = Ticker()
    private let broadcaster: any Broadcaster
    /// The ticker's last line, for `latest`: a `Mutex` is Sendable, so a `nonisolated` member
    /// may read it from any thread, and it is written only together with the ticker.
    private let lastLine: Mutex<String>

    nonisolated public init(home: String, away: String, broadcaster: any Broadcaster) {
        (self.home, self.away, self.broadcaster) = (home, away, broadcaster)
        lastLine = Mutex("\(home) 0-0 \(away)")
    }

    /// Records a goal by `team` (`home` or `away`) and announces it.
    ///
    /// - The board's count and the ticker's line change together: code on the `MatchActor`
    ///   never sees one without the other.
    /// - The line names the score after this goal, "Lions 2-1 Tigers" (home first); the ticker
    ///   has one line per goal, in the order the goals were recorded.
    /// - Then it waits until `broadcaster` has announced that line. Goals reported meanwhile by
    ///   other tasks all count.
    public func goal(by team: String) async {
        // Everything before the await is one step on the actor: no other goal comes in between.
        board.goals[team, default: 0] += 1
        let line = "\(home) \(board.goals[home, default: 0])-\(board.goals[away, default: 0]) \(away)"
        ticker.append(line)
        lastLine.withLock { $0 = line }
        await broadcaster.announce(line)
    }

    /// The ticker's latest line ("Lions 0-0 Tigers" before the first goal), for code that
    /// cannot `await`: any thread may read it, at any time, while goals are recorded.
    nonisolated public var latest: String {
        lastLine.withLock { $0 }
    }
}
