import CourseChecks
import Synchronization
import TaskGroupDownloads
import Testing

/// Serialized: the timing test compares durations, which tests running beside it would disturb.
@Suite(.serialized) struct TaskGroupDownloadsTests {
    /// Page `id` takes longer the smaller `id` is, so the pages arrive in the reverse order.
    static let ids = Array(0..<8)
    static func delay(_ id: Int) -> Duration { .milliseconds(30 * (8 - id)) }

    @Test func pagesComeBackInTheOrderOfTheIDs() async {
        let site = Site(delay: Self.delay)
        let outcome = await runBounded(.seconds(10)) { try await downloadAll(Self.ids, using: site.download) }
        guard case .returned(let pages) = outcome else {
            Issue.record("downloadAll(0...7) did not return its pages within 10 s: \(outcome)")
            return
        }
        #expect(pages == Self.ids.map { "page-\($0)" }, """
            downloadAll should return the pages in the order of the ids, whatever order they arrive in \
            (here the last id answers first); it returned \(pages). Remember each child's index
            """)
    }

    /// The promise of a task group: every download is in flight at the same moment, and the
    /// whole takes about as long as the slowest, measured against the downloads in turn.
    @Test func everyDownloadRunsAtTheSameTime() async throws {
        let site = Site(delay: Self.delay)
        let check = try await Timing.ratioAsync(
            "8 downloads in a task group vs the 8 in turn", atMost: 0.45,
            of: { _ = await runBounded(.seconds(10)) { try await downloadAll(Self.ids, using: site.download) } },
            against: { for id in Self.ids { _ = try await site.download(id) } })
        #expect(site.gauge.peak == Self.ids.count, """
            at most \(site.gauge.peak) of the 8 downloads were in flight at the same moment: add one child task \
            per id before you wait for any result
            """)
        #expect(check.passed, "\(check). The slowest download takes 0.24 s, all 8 in turn 1.08 s")
    }

    @Test func aFailingDownloadFailsTheWhole() async {
        let site = Site(delay: { _ in .milliseconds(20) }, failing: 3)
        let outcome = await runBounded(.seconds(10)) { try await downloadAll(Self.ids, using: site.download) }
        guard case .threw(let error) = outcome else {
            Issue.record("the download of id 3 threw, so downloadAll should throw; it gave \(outcome)")
            return
        }
        #expect(error == "\(SiteError.notFound(3))", "downloadAll should throw the failing download's error")
    }

    @Test func firstAnswersComeInTheOrderTheyArrivedAndTheRestIsCancelled() async {
        let delays: [Duration] = [.milliseconds(400), .milliseconds(50), .milliseconds(300), .milliseconds(120), .seconds(3)]
        var site = Site(delay: { delays[$0] }, prefix: "mirror")
        var outcome: BoundedOutcome<[String]> = .hung
        var stillRunning = 0
        let check = await Timing.retryingAsync { _ in
            site = Site(delay: { delays[$0] }, prefix: "mirror")
            let clock = ContinuousClock()
            let start = clock.now
            outcome = await runBounded(.seconds(10)) { [site] in try await firstAnswers(from: [0, 1, 2, 3, 4], count: 2, using: site.download) }
            stillRunning = site.gauge.current
            return TimingCheck(label: "first 2 answers vs the slowest mirror", measured: clock.now - start,
                               baseline: .seconds(3), limit: 0.2, attempts: 1)
        }
        guard case .returned(let answers) = outcome else {
            Issue.record("firstAnswers(count: 2) did not return within 10 s: \(outcome)")
            return
        }
        #expect(answers == ["mirror-1", "mirror-3"], """
            mirror 1 answers after 0.05 s and mirror 3 after 0.12 s, so the first 2 answers are \
            ["mirror-1", "mirror-3"], in the order they arrived; firstAnswers returned \(answers)
            """)
        #expect(site.gauge.peak == 5, "only \(site.gauge.peak) of the 5 mirrors were asked at the same moment: ask all of them at once")
        #expect(check.passed, """
            \(check): the group waited for requests nobody needs any more. Call `group.cancelAll()` once \
            you have enough answers (the group awaits its children at the end of its scope)
            """)
        #expect(stillRunning == 0, "\(stillRunning) request(s) were still running when firstAnswers returned")
        #expect(site.cancelledCalls == 3, "the 3 requests still running after 2 answers should be cancelled; \(site.cancelledCalls) were")
    }

    /// Many short downloads that keep both threads of the pool busy at once: children that
    /// share a variable instead of returning their results touch it from two threads, which
    /// the race check's ThreadSanitizer build reports.
    @Test func manyQuickDownloadsComeBackComplete() async {
        let ids = Array(0..<300)
        let site = Site(delay: { _ in .zero }, spin: .microseconds(50))
        for round in 1...5 {
            let outcome = await runBounded(.seconds(20)) { try await downloadAll(ids, using: site.download) }
            guard case .returned(let pages) = outcome, pages == ids.map({ "page-\($0)" }) else {
                Issue.record("round \(round): downloadAll of 300 quick pages should return them all in order; it gave \(outcome)")
                return
            }
        }
    }

    @Test func noIDsNoPages() async {
        let site = Site(delay: { _ in .milliseconds(10) })
        let outcome = await runBounded(.seconds(5)) {
            (try await downloadAll([], using: site.download), try await firstAnswers(from: [], count: 0, using: site.download))
        }
        guard case .returned(let (pages, answers)) = outcome else {
            Issue.record("downloadAll([]) or firstAnswers(from: [], count: 0) did not return: \(outcome)")
            return
        }
        #expect(pages.isEmpty && answers.isEmpty, "nothing to download gives no pages; got \(pages) and \(answers)")
    }
}

enum SiteError: Error, CustomStringConvertible {
    case notFound(Int)
    var description: String { switch self { case .notFound(let id): "page \(id) not found" } }
}

/// A web site whose pages take `delay(id)` to download (a cancellable sleep), counted in flight.
final class Site: Sendable {
    let gauge = InFlightGauge()
    private let delay: @Sendable (Int) -> Duration
    private let failing: Int?
    private let prefix: String
    private let cancelled = Atomic<Int>(0)

    private let spin: Duration

    init(delay: @escaping @Sendable (Int) -> Duration, failing: Int? = nil, prefix: String = "page", spin: Duration = .zero) {
        (self.delay, self.failing, self.prefix, self.spin) = (delay, failing, prefix, spin)
    }

    var cancelledCalls: Int { cancelled.load(ordering: .relaxed) }

    @Sendable func download(_ id: Int) async throws -> String {
        try await gauge.measure {
            do {
                if spin > .zero {
                    // Busy for a moment without suspending, so that both threads of the pool run
                    // downloads at the same time.
                    await Task.yield()
                    let end = ContinuousClock.now + spin
                    while ContinuousClock.now < end {}
                } else {
                    try await Task.sleep(for: delay(id))
                }
            } catch {
                cancelled.wrappingAdd(1, ordering: .relaxed)
                throw error
            }
            if id == failing { throw SiteError.notFound(id) }
            return "\(prefix)-\(id)"
        }
    }
}
