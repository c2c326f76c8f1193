import CourseChecks
import GlobalActorScoreboard
import Multitasking
import Synchronization
import Testing

/// The match's promises under contention: goals reported by many tasks at once all count, even
/// while their announcements are held (a goal that reads the score before its `await` and writes
/// it after loses the others); the board and the ticker agree whenever code on the actor looks,
/// even mid-announcement; and `latest` is read by runtime threads while the goals come in, never
/// a line that was not on the ticker, never going back. The race check looks at every access.
@Suite struct GlobalActorScoreboardTests {
    /// Twelve goals (8 for the Lions, 4 for the Tigers) from twelve tasks; every announcement
    /// waits at a gate until all twelve goals have reached it, so each goal is suspended while
    /// the others run on the actor.
    @Test func everyGoalCountsWhileAnnouncementsWait() async {
        let radio = GatedRadio()
        let match = Match(home: "Lions", away: "Tigers", broadcaster: radio)
        let reporters = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<12 { group.addTask { await match.goal(by: index % 3 == 2 ? "Tigers" : "Lions") } }
            }
        }
        await waitUntil(atMost: .seconds(5)) { radio.begun >= 12 }
        let held = await snapshot(match)
        #expect(held.total == held.lines.count && held.lines.last == held.expectedLast, """
            while the 12 goals' announcements were waiting, the board counted \(held.total) goals \(held.goals) but \
            the ticker had \(held.lines.count) lines (last: \(held.lines.last ?? "none")): count the goal and add its \
            line in one step on the actor, with no await between, and only then announce it
            """)
        radio.open()
        let outcome = await runBounded(.seconds(10)) { await reporters.value }
        guard case .returned = outcome else {
            Issue.record("12 calls of goal(by:) did not return within 10 s after their announcements went through: \(outcome)")
            return
        }
        let final = await snapshot(match)
        #expect(final.goals == ["Lions": 8, "Tigers": 4], """
            8 goals for the Lions and 4 for the Tigers were reported while announcements were held; the board \
            counted \(final.goals). Each goal adds one to `board.goals[team, default: 0]` before its await: a goal \
            that reads the score before `await broadcaster.announce` and writes it after overwrites every goal \
            recorded meanwhile
            """)
        #expect(final.lines.map(total(of:)) == Array(1...12), """
            the ticker should have one line per goal, each with the score after it (totals 1, 2, ... 12, in that \
            order); its lines were \(final.lines)
            """)
        #expect(final.lines.last == "Lions 8-4 Tigers", "the last line should be \"Lions 8-4 Tigers\"; it was \(final.lines.last ?? "none")")
        #expect(radio.lines.sorted() == final.lines.sorted(), "the broadcaster should announce each ticker line once; it announced \(radio.lines)")
        #expect(match.latest == final.lines.last, "after the goals, latest should be the ticker's last line \(final.lines.last ?? "none"); it was \(match.latest)")
    }

    /// 300 goals from six tasks while two runtime threads (which cannot await) read `latest` as
    /// fast as they can, and two tasks read it too: every line read was on the ticker, and no
    /// reader ever sees the score go back.
    @Test func threadsReadLatestWhileGoalsComeIn() async throws {
        let radio = GatedRadio()
        radio.open()
        let match = Match(home: "Lions", away: "Tigers", broadcaster: radio)
        #expect(match.latest == "Lions 0-0 Tigers", "before any goal, latest should be \"Lions 0-0 Tigers\"; it was \(match.latest)")
        let done = Flag()
        let display = Readings()
        let threads = (0..<2).map { index in
            Thread(name: "display-\(index)") { display.readFromThread(match, until: done) }
        }
        for thread in threads { try thread.start() }
        // The display is reading before the first goal, so its reads overlap the goals' writes.
        await waitUntil(atMost: .seconds(5)) { display.reads >= 100 }
        await withTaskGroup(of: Void.self) { readers in
            for _ in 0..<2 { readers.addTask { await display.readFromTask(match, until: done) } }
            await withTaskGroup(of: Void.self) { reporters in
                for reporter in 0..<6 {
                    reporters.addTask {
                        for goal in 0..<50 {
                            await match.goal(by: (reporter + goal) % 2 == 0 ? "Lions" : "Tigers")
                            try? await Task.sleep(for: .microseconds(100))
                        }
                    }
                }
            }
            done.set()
        }
        for thread in threads { try thread.join() }
        let final = await snapshot(match)
        let onTicker = Set(final.lines + ["Lions 0-0 Tigers"])
        let strangers = display.seen.subtracting(onTicker)
        #expect(final.total == 300, "300 goals were reported; the board counted \(final.total)")
        #expect(strangers.isEmpty, """
            the display read lines from latest that were never on the ticker: \(strangers.sorted().prefix(3)). \
            latest must give the ticker's last line as it was at some moment
            """)
        #expect(display.wentBack.isEmpty, """
            a reader of latest saw the score go back (\(display.wentBack.first ?? "")): keep what latest reads in step \
            with the ticker, written once per goal
            """)
    }
}

/// The board and the ticker as code on the match's actor sees them, in one step.
@MatchActor private func snapshot(_ match: Match) -> Snapshot {
    Snapshot(goals: match.board.goals, lines: match.ticker.lines)
}

private struct Snapshot {
    let goals: [String: Int]
    let lines: [String]
    var total: Int { goals.values.reduce(0, +) }
    var expectedLast: String? {
        total == 0 ? nil : "Lions \(goals["Lions", default: 0])-\(goals["Tigers", default: 0]) Tigers"
    }
}

/// The number of goals a line such as "Lions 3-2 Tigers" names (-1 when it is not such a line).
private func total(of line: String) -> Int {
    let parts = line.split(separator: " ")
    guard parts.count == 3 else { return -1 }
    let score = parts[1].split(separator: "-").compactMap { Int($0) }
    return score.count == 2 ? score[0] + score[1] : -1
}

/// What the display's readers saw: every distinct line, and any reader that saw the total go
/// down. Appended to by threads and tasks at once, hence the mutex (held only to insert).
private final class Readings: Sendable {
    private let lines = Mutex<Set<String>>([])
    private let backwards = Mutex<[String]>([])
    private let count = Atomic<Int>(0)

    var seen: Set<String> { lines.withLock { $0 } }
    var wentBack: [String] { backwards.withLock { $0 } }
    var reads: Int { count.load(ordering: .sequentiallyConsistent) }

    /// Reads `latest` as fast as it can until `done`, on a runtime thread: no await anywhere.
    func readFromThread(_ match: Match, until done: Flag) {
        var (last, previous) = (0, "")
        while !done.isSet { note(match.latest, after: &last, previous: &previous) }
    }

    /// Reads `latest` until `done` from a task, yielding after each read so that the reporters'
    /// tasks get the pool's threads too.
    func readFromTask(_ match: Match, until done: Flag) async {
        var (last, previous) = (0, "")
        while !done.isSet {
            note(match.latest, after: &last, previous: &previous)
            await Task.yield()
        }
    }

    private func note(_ line: String, after last: inout Int, previous: inout String) {
        count.wrappingAdd(1, ordering: .relaxed)
        guard line != previous else { return }
        lines.withLock { _ = $0.insert(line) }
        let now = total(of: line)
        if now < last { backwards.withLock { $0.append("\"\(previous)\" then \"\(line)\"") } }
        (last, previous) = (max(last, now), line)
    }
}

/// Set once, read by threads and tasks.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
}

/// Announcements that wait until the test opens the gate, counting those begun and keeping
/// every line announced.
final class GatedRadio: Broadcaster {
    private let gateOpen = Atomic<Bool>(false)
    private let announcementsBegun = Atomic<Int>(0)
    private let announced = Mutex<[String]>([])

    var begun: Int { announcementsBegun.load(ordering: .sequentiallyConsistent) }
    var lines: [String] { announced.withLock { $0 } }

    func open() { gateOpen.store(true, ordering: .sequentiallyConsistent) }

    func announce(_ line: String) async {
        announcementsBegun.wrappingAdd(1, ordering: .sequentiallyConsistent)
        while !gateOpen.load(ordering: .sequentiallyConsistent) { try? await Task.sleep(for: .milliseconds(5)) }
        announced.withLock { $0.append(line) }
        await Task.yield()
    }
}

func waitUntil(atMost limit: Duration, _ condition: () -> Bool) async {
    let end = ContinuousClock.now + limit
    while !condition() && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(5)) }
}
