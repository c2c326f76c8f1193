import Foundation
import Testing
@testable import Grading

/// The checks fixture: its starters are the wrong answers students really write (a racy
/// counter, a check-then-act singleton, a ticket sale between processes without the lock, two
/// locks in opposite orders with and without a hang, a serial "concurrent" version), its
/// solutions the right ones. Every wrong answer must be caught in every grading run, and no
/// right answer may ever be failed.
enum ChecksFixture {
    static let course = FixtureCourse("checks", sharedSources: ["GradingSupport", "Multitasking", "CMultitasking"])

    /// How many grading runs each proof makes (CHECKS_CATCH_RUNS, CHECKS_FALSE_ALARM_RUNS).
    static func runs(_ variable: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[variable].flatMap { Int($0) } ?? value
    }

    /// Copied once per test process: a fresh copy of the runtime's sources would make SwiftPM
    /// rebuild it (and its ThreadSanitizer build) for every grading run.
    static let prepared = Result { try course.prepare() }

    static func grade(_ sources: GradingPlan.Sources, ids: [String] = [], seed: UInt64? = nil) throws -> GradingOutcome {
        try prepared.get()
        return try fixtureLock.withLock { _ in try course.grade(ids, sources: sources, seed: seed) }
    }
}

@Suite(.serialized) struct ConcurrencyCheckTests {
    @Test func everyWrongAnswerIsCaughtInEveryRun() throws {
        for run in 1...ChecksFixture.runs("CHECKS_CATCH_RUNS", default: 3) {
            let outcome = try ChecksFixture.grade(.starters)

            let counter = try outcome.result("racy-counter")
            #expect(counter.verdict == .dataRace, "run \(run): \(counter.verdict) \(counter.problem ?? "")")
            #expect(counter.findings.contains { $0.contains("Exercises/races/racy-counter/Counter.swift:8") }, "run \(run): \(counter.findings)")
            #expect(counter.seed != nil)

            let singleton = try outcome.result("singleton")
            #expect(singleton.verdict == .dataRace, "run \(run): \(singleton.verdict) \(singleton.problem ?? "")")
            #expect(singleton.findings.contains { $0.contains("Exercises/races/singleton/Lazy.swift:") }, "run \(run): \(singleton.findings)")

            let tickets = try outcome.result("ticket-sale")
            #expect(tickets.verdict == .failed, "run \(run): \(tickets.verdict) \(tickets.problem ?? "")")
            #expect(tickets.firstFailure?.failure.message.contains("one ticket was sold") == true)
            #expect(tickets.seed != nil, "a failed run under perturbation names its seed")

            let latent = try outcome.result("latent-lock-order")
            #expect(latent.verdict == .deadlock, "run \(run): \(latent.verdict) \(latent.problem ?? "")")
            #expect(latent.findings.contains { $0.contains("Potential deadlock") && $0.contains("noodles") && $0.contains("chopsticks") }, "run \(run): \(latent.findings)")

            let hanging = try outcome.result("hanging-lock-order")
            #expect(hanging.verdict == .deadlock, "run \(run): \(hanging.verdict) \(hanging.problem ?? "")")
            #expect(hanging.findings.contains { $0.contains("Deadlock: 2 threads wait for each other") }, "run \(run): \(hanging.findings)")
            #expect(hanging.duration < 10, "reported by the detector within seconds, not at the 60 s timeout")

            let downloads = try outcome.result("downloads")
            #expect(downloads.verdict == .failed)
            let figure = try #require(downloads.timings.first)
            #expect(!figure.passed && figure.ratio > 4 && figure.attempts == 3, "\(figure)")
        }
    }

    @Test func noRightAnswerIsEverFailed() throws {
        for run in 1...ChecksFixture.runs("CHECKS_FALSE_ALARM_RUNS", default: 20) {
            let outcome = try ChecksFixture.grade(.solutions)
            for result in outcome.results {
                #expect(result.verdict == .passed, "run \(run), \(result.exerciseID): \(result.verdict) \(result.problem ?? "") \(result.findings)")
            }
            let downloads = try outcome.result("downloads")
            #expect(downloads.timings.count == 1 && downloads.timings[0].passed)
            #expect(try outcome.result("racy-counter").runs == 4, "three seeded runs and the ThreadSanitizer run")
        }
    }

    /// A race and the two kinds of deadlock in a Chinese report: ThreadSanitizer's and the
    /// runtime's reports in the student's language, names and places as written.
    @Test func raceAndDeadlockReportsReadInChinese() throws {
        let outcome = try ChecksFixture.grade(.starters, ids: ["racy-counter", "latent-lock-order", "hanging-lock-order"])
        let report = TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: ChecksFixture.course.root, language: .zh).text
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("racy-counter") && $0.contains("数据竞争") }, "\(report)")
        #expect(lines.contains { $0.hasPrefix("      ThreadSanitizer 在 ") && $0.contains("中发现了") && $0.contains("处数据竞争（扰动种子 ") }, "\(report)")
        #expect(lines.contains { $0.hasPrefix("        ") && $0.contains("竞争") && $0.contains("，发生在") && $0.hasSuffix("：") }, "\(report)")
        #expect(lines.contains { $0.hasPrefix("          线程 ") && $0.contains("，位置 Exercises/races/racy-counter/Counter.swift:8") && $0.contains("，函数 ") }, "\(report)")
        #expect(lines.contains { $0.contains("发生了死锁") && $0.hasSuffix("；运行时的死锁检测器结束了它") }, "\(report)")
        #expect(lines.contains("        死锁：2 个线程互相等待，形成了环路"), "\(report)")
        #expect(lines.contains { $0.hasPrefix("          线程 '") && $0.contains("持有 '") && $0.contains("，在等待 '") }, "\(report)")
        #expect(lines.contains { $0.contains("潜在的死锁：以相反的顺序获取了锁（这次运行不一定会卡住）") }, "\(report)")
        #expect(report.contains("noodles") && report.contains("chopsticks"), "\(report)")
        #expect(!report.contains(" by thread") && !report.contains("Deadlock:") && !report.contains("threads wait"), "no English sentence left: \(report)")
    }

    @Test func aSeedReplaysOneRun() throws {
        let outcome = try ChecksFixture.grade(.starters, ids: ["ticket-sale"], seed: 4242)
        let result = try outcome.result("ticket-sale")
        #expect(result.seed == 4242 && result.runs == 1)
        let text = TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: ChecksFixture.course.root).text
        #expect(text.contains("replay this run: swift run grade ticket-sale --seed 4242"), "\(text)")
    }

    @Test func reportsShowFindingsFiguresAndSeeds() throws {
        let outcome = try ChecksFixture.grade(.starters, ids: ["racy-counter", "downloads", "latent-lock-order"])
        let text = TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: ChecksFixture.course.root).text
        #expect(text.contains("✘ racy-counter"))
        #expect(text.contains("data race"))
        #expect(text.contains("at Exercises/races/racy-counter/Counter.swift:8"), "\(text)")
        #expect(text.contains("timing: five 0.1 s downloads against the longest:"), "\(text)")
        #expect(text.contains("Potential deadlock: locks taken in opposite orders"), "\(text)")

        let path = ChecksFixture.course.root + "/report.xml"
        try JUnitReport(outcome: outcome).write(to: path)
        #expect(try validateJUnit(path) == [])
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains(#"<testcase name="race check""#))
        #expect(xml.contains(#"<failure type="data race""#))
        #expect(xml.contains(#"<property name="timing: five 0.1 s downloads against the longest""#))
        #expect(xml.contains(#"<testcase name="deadlock check""#))
    }
}

/// The race check knows every synchronisation a student may use: the fixture's `primitives`
/// exercise uses each (Synchronization's `Mutex` and `Atomic`, `join`, the runtime's locks,
/// semaphores, conditions, events, queues and barriers, the process lock and shared value),
/// correctly in the solution and left out in the starter. ThreadSanitizer must report none of
/// the solution's, and every one of the starter's (each named by the type or function that
/// uses it, as the reports name them).
@Suite(.serialized) struct RaceCheckPrimitiveTests {
    static let solution = Result { try ChecksFixture.grade(.solutions, ids: ["primitives"]).result("primitives") }
    static let starter = Result { try ChecksFixture.grade(.starters, ids: ["primitives"]).result("primitives") }

    static let uses = [
        "MutexCounter.", "AtomicCounter.", "AtomicMailbox.", "LockCounter.", "RLockCounter.", "SemaphoreCounter.",
        "readAfterJoin()", "readAfterEvent()", "readAfterCondition()", "readAfterSemaphore()", "readAfterQueue()",
        "sumAfterBarrier(", "ProcessLockCounter.",
    ]

    @Test(arguments: uses + ["SharedValueCounter."])
    func correctUseIsNeverReported(use: String) throws {
        let result = try Self.solution.get()
        #expect(result.verdict == .passed, "\(result.verdict) \(result.problem ?? "")")
        #expect(!result.findings.contains { $0.contains(" in " + use) || $0.contains(" in closure #1 in " + use) }, "\(result.findings)")
        #expect(result.runs == 2, "one plain run and the ThreadSanitizer run")
    }

    /// Races between two threads' hot loops, which every ThreadSanitizer run sees.
    /// `SharedValueCounter` is not in the list: without its lock a student cannot reach a shared
    /// value at all (`value += 1` is two locked steps, a lost update no race check can see).
    /// Nor are the missing hand-offs (`readAfterJoin` ...): the sanitizer sees them only when no
    /// bookkeeping lock of the runtime (`Protected`, taken by both threads at perturbation points,
    /// `start` and `join`) falls between the two accesses, which the perturbed run often breaks.
    static let hotLoops = [
        "MutexCounter.", "AtomicCounter.", "AtomicMailbox.", "LockCounter.", "RLockCounter.", "SemaphoreCounter.",
        "ProcessLockCounter.",
    ]

    @Test(arguments: hotLoops)
    func leavingItOutIsReported(use: String) throws {
        let result = try Self.starter.get()
        #expect(result.verdict == .dataRace, "\(result.verdict) \(result.problem ?? "")")
        #expect(result.findings.contains { $0.contains(" in " + use) || $0.contains(" in closure #1 in " + use) }, "\(result.findings)")
    }
}
