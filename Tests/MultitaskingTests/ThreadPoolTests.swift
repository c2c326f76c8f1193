import Multitasking
import Synchronization
import Testing

@Suite(.hangGuard)
struct ThreadPoolTests {
    struct Boom: Error, Equatable {
        let code: Int
    }

    @Test func submitRunsTheWorkOnAWorkerAndResultReturnsItsValue() throws {
        let pool = ThreadPool(workers: 2, name: "squares")
        defer { pool.shutdown() }
        let future = try pool.submit { () -> (Int, String) in (7 * 7, Thread.current.name) }
        let (value, worker) = try future.result()
        #expect(value == 49)
        #expect(worker.hasPrefix("squares-worker-"))
        #expect(future.isDone)
    }

    @Test func anErrorThrownByTheWorkIsRethrownByResult() throws {
        let pool = ThreadPool(workers: 1)
        defer { pool.shutdown() }
        let future = try pool.submit { () throws -> Int in throw Boom(code: 3) }
        #expect(throws: Boom(code: 3)) { try future.result() }
        // The worker survives a throwing job.
        #expect(try pool.submit { 1 }.result() == 1)
    }

    @Test func resultWithTimeoutThrowsTimedOutWhileTheWorkRuns() throws {
        let pool = ThreadPool(workers: 1, name: "slow")
        defer { pool.shutdown() }
        let gate = Event()
        let future = try pool.submit { () -> Int in
            gate.wait()
            return 5
        }
        #expect(throws: ThreadPoolError.timedOut(pool: "slow", timeout: .milliseconds(20))) {
            try future.result(timeout: .milliseconds(20))
        }
        #expect(!future.isDone)
        #expect(!future.wait(timeout: .milliseconds(5)))
        gate.set()
        #expect(try future.result(timeout: .seconds(10)) == 5)
        #expect(ThreadPoolError.timedOut(pool: "slow", timeout: .milliseconds(20)).description
            == "a task of thread pool 'slow' did not finish within 0.02 seconds")
    }

    @Test func mapKeepsTheItemsOrder() throws {
        let pool = ThreadPool(workers: 3)
        defer { pool.shutdown() }
        let results = try pool.map(0..<200) { item -> Int in
            if item % 7 == 0 { Thread.sleep(for: .microseconds(100)) }
            return item * 2
        }
        #expect(results == (0..<200).map { $0 * 2 })
    }

    @Test func mapRethrowsTheFirstErrorInItemOrderAfterAllFinished() throws {
        let pool = ThreadPool(workers: 2)
        defer { pool.shutdown() }
        let ran = Atomic<Int>(0)
        #expect(throws: Boom(code: 2)) {
            try pool.map(0..<10) { item -> Int in
                ran.add(1, ordering: .relaxed)
                if item == 2 || item == 6 { throw Boom(code: item) }
                return item
            }
        }
        #expect(ran.load(ordering: .relaxed) == 10)
    }

    @Test func noMoreThanWorkersJobsRunAtOnce() throws {
        let pool = ThreadPool(workers: 3)
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let futures = try (0..<30).map { _ in
            try pool.submit {
                let now = running.add(1, ordering: .relaxed).newValue
                _ = peak.max(now, ordering: .relaxed)
                Thread.sleep(for: .milliseconds(2))
                running.subtract(1, ordering: .relaxed)
            }
        }
        for future in futures { try future.result() }
        pool.shutdown()
        #expect(peak.load(ordering: .relaxed) <= 3)
        #expect(peak.load(ordering: .relaxed) >= 2, "the workers should overlap")
    }

    @Test func shutdownFinishesQueuedWorkAndThenRefusesNewWork() throws {
        let pool = ThreadPool(workers: 2, name: "closing")
        let done = Atomic<Int>(0)
        for _ in 0..<50 {
            _ = try pool.submit {
                Thread.sleep(for: .microseconds(200))
                done.add(1, ordering: .relaxed)
            }
        }
        pool.shutdown(wait: true)
        #expect(done.load(ordering: .relaxed) == 50)
        #expect(pool.isShutdown)
        #expect(throws: ThreadPoolError.shutDown(pool: "closing")) { try pool.submit { 1 } }
        #expect(ThreadPoolError.shutDown(pool: "closing").description
            == "cannot submit work to thread pool 'closing': it was shut down")
        pool.shutdown()  // a second call is harmless
    }

    @Test func shutdownWithoutWaitReturnsAtOnceAndTheWorkStillFinishes() throws {
        let pool = ThreadPool(workers: 1)
        let gate = Event()
        let future = try pool.submit { () -> Int in
            gate.wait()
            return 9
        }
        pool.shutdown(wait: false)
        #expect(!future.isDone)
        gate.set()
        #expect(try future.result(timeout: .seconds(10)) == 9)
        pool.shutdown(wait: true)
    }

    @Test func manySubmittersAtOnceGetEveryResult() throws {
        let pool = ThreadPool(workers: 4)
        defer { pool.shutdown() }
        let sums = Mutex<[Int]>([])
        let submitters = (0..<4).map { submitter in
            Thread(name: "submitter-\(submitter)") {
                let futures = try (0..<500).map { item in try pool.submit { submitter * 1_000 + item } }
                let values = try futures.map { try $0.result() }
                sums.withLock { $0.append(values.reduce(0, +)) }
            }
        }
        for submitter in submitters { try submitter.start() }
        for submitter in submitters {
            try submitter.join()
            #expect(submitter.error == nil)
        }
        let expected = (0..<4).map { submitter in (0..<500).reduce(0) { $0 + submitter * 1_000 + $1 } }
        #expect(sums.withLock { $0.sorted() } == expected)
    }
}
