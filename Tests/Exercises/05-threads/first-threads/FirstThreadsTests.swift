import CourseChecks
import FirstThreads
import Multitasking
import Testing

/// What the work closure saw on the thread that ran it.
struct Sighting: Sendable {
    var index: Int
    var threadName: String
    /// The runtime gives a thread's `ident` as optional (nil before `start()`); the work runs on
    /// a started thread, so it is there, and the exercise returns it unwrapped (`UInt64`).
    var ident: UInt64
    var onMainThread: Bool
}

final class SightingLog: @unchecked Sendable {
    private let lock = Lock(name: "sightings")
    private var sightings: [Sighting] = []

    func record(_ index: Int) {
        let thread = currentThread()
        let sighting = Sighting(
            index: index, threadName: thread.name, ident: thread.ident ?? 0,
            onMainThread: thread === mainThread())
        lock.withLock { sightings.append(sighting) }
    }

    var all: [Sighting] { lock.withLock { sightings.sorted { $0.index < $1.index } } }
}

@Suite(.serialized) struct FirstThreadsTests {
    @Test func eachWorkRunsOnItsOwnNamedThread() throws {
        let log = SightingLog()
        let caller = currentThread()
        let idents = try runOnWorkers(count: 4) { log.record($0) }
        let seen = log.all
        #expect(seen.map(\.index) == [0, 1, 2, 3], "work should run once for each index 0...3, ran for \(seen.map(\.index))")
        for sighting in seen {
            #expect(sighting.threadName == "worker-\(sighting.index)",
                    "work(\(sighting.index)) should run on thread 'worker-\(sighting.index)', ran on '\(sighting.threadName)'")
            #expect(!sighting.onMainThread, "work(\(sighting.index)) ran on the main thread: start a new thread for it")
            #expect(sighting.ident != caller.ident,
                    "work(\(sighting.index)) ran on the thread that called runOnWorkers: call start(), which runs it on a new thread")
        }
        #expect(idents == seen.map(\.ident),
                "runOnWorkers should return each worker thread's ident in index order: returned \(idents), the workers' idents were \(seen.map(\.ident))")
        #expect(Set(idents).count == 4, "4 threads should have 4 different idents, got \(idents)")
    }

    /// One slow work (0.5 s) beside quick ones: when runOnWorkers returns, every work has
    /// finished, longer than any fixed wait put in place of the joins. A started worker keeps
    /// its ident, so a runOnWorkers that never joins could return at once.
    @Test func returnsOnlyWhenEveryWorkHasFinished() throws {
        let log = SightingLog()
        _ = try runOnWorkers(count: 3) { index in
            if index == 1 { Thread.sleep(for: .milliseconds(500)) }
            log.record(index)
        }
        let finished = log.all.map(\.index)
        #expect(finished == [0, 1, 2], """
            when runOnWorkers returned, only work \(finished) had finished (work(1) takes 0.5 s): \
            join every worker before returning
            """)
    }

    @Test func theMainThreadIsTheOneTheProgramBeganOn() {
        let ident = mainThreadIdent()
        #expect(ident == mainThread().ident, "mainThreadIdent() returned \(ident), the main thread's ident is \(mainThread().ident.map(String.init) ?? "nil")")
        #expect(ident != 0, "the main thread has an ident too")
    }

    /// Five workers that each wait 100 ms: started together, they finish in about 100 ms;
    /// started and joined one at a time, they take 500 ms.
    @Test func theWorkersRunAtTheSameTime() {
        let check = Timing.ratio(
            "5 workers of 100 ms vs one after another", atMost: 0.6,
            of: { _ = try? runOnWorkers(count: 5) { _ in Thread.sleep(for: .milliseconds(100)) } },
            against: .milliseconds(500))
        #expect(check.passed, "\(check): start all the threads first, then join them all")
    }
}
