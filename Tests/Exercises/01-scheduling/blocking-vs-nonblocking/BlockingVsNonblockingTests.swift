import BlockingVsNonblocking
import CourseChecks
import Multitasking
import Testing

/// What the jobs did, under the runtime's `Lock`.
private final class Tracker: @unchecked Sendable {
    private let lock = Lock(name: "tracker")
    private var started: [Int] = []
    private var finished: [Int] = []
    private var inFlight = 0
    private var mostInFlight = 0

    func begin(_ job: Int) {
        lock.withLock {
            started.append(job)
            inFlight += 1
            mostInFlight = max(mostInFlight, inFlight)
        }
    }

    func end(_ job: Int) {
        lock.withLock {
            inFlight -= 1
            finished.append(job)
        }
    }

    var startOrder: [Int] { lock.withLock { started } }
    var finishedJobs: [Int] { lock.withLock { finished.sorted() } }
    var mostAtOnce: Int { lock.withLock { mostInFlight } }
}

/// `count` jobs that each wait `milliseconds` for simulated I/O (a sleep: the thread blocks,
/// the processor is free for others).
private func ioJobs(_ count: Int, milliseconds: Int, tracker: Tracker) -> [@Sendable () -> Void] {
    (0..<count).map { index in
        { @Sendable in
            tracker.begin(index)
            Thread.sleep(for: .milliseconds(milliseconds))
            tracker.end(index)
        }
    }
}

@Suite(.serialized) struct BlockingVsNonblockingTests {
    @Test func oneAfterAnotherRunsTheJobsInOrder() {
        let tracker = Tracker()
        runOneAfterAnother(ioJobs(3, milliseconds: 10, tracker: tracker))
        #expect(tracker.startOrder == [0, 1, 2], "each job once, in order")
        #expect(tracker.mostAtOnce == 1, "one after another means one at a time")
    }

    @Test func concurrentlyRunsEveryJobOnceAndWaitsForAll() throws {
        let tracker = Tracker()
        try runConcurrently(ioJobs(5, milliseconds: 50, tracker: tracker))
        #expect(tracker.finishedJobs == [0, 1, 2, 3, 4], """
            when runConcurrently returns, every job should have run once and finished; finished: \
            \(tracker.finishedJobs). Join every thread before returning.
            """)
        #expect(tracker.startOrder.count == 5, "5 jobs should start once each, started: \(tracker.startOrder)")
    }

    /// Every job waits at once, not only some: starting a thread takes far less than a job's
    /// 100 ms wait, so jobs run in batches (start two, join two) are the only way to see fewer.
    @Test func concurrentJobsWaitForTheirIOAtTheSameTime() throws {
        let tracker = Tracker()
        try runConcurrently(ioJobs(4, milliseconds: 100, tracker: tracker))
        #expect(tracker.mostAtOnce == 4, """
            4 jobs that each wait 100 ms for I/O should all wait at the same time, but at most \
            \(tracker.mostAtOnce) did: start every thread before joining any of them (not one \
            batch after another)
            """)
    }

    @Test func concurrentIOBoundJobsFinishSooner() throws {
        let tracker = Tracker()
        let jobs = ioJobs(4, milliseconds: 100, tracker: tracker)
        let check = try Timing.ratio(
            "4 I/O-bound jobs concurrently vs one after another", atMost: 0.6,
            of: { try runConcurrently(jobs) }, against: { for job in jobs { job() } })
        #expect(check.passed, """
            \(check). Ideally about 0.25x: four waits of 100 ms overlap into one. \
            A ratio near 1 means the jobs still run one after another.
            """)
    }

    @Test func noJobsIsNoWork() throws {
        try runConcurrently([])
        runOneAfterAnother([])
    }
}
