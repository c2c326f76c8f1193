import Multitasking
import Synchronization
import XCTest

// XCTest imports Foundation, whose `Thread` would be ambiguous here: name ours in full.
typealias RuntimeThread = Multitasking.Thread

final class EventTests: XCTestCase {
    func testSetWakesEveryWaiterAndLaterWaitsReturnAtOnce() throws {
        let event = Event(name: "start-signal")
        let woken = Atomic<Int>(0)
        let threads = (0..<5).map { _ in
            RuntimeThread {
                if event.wait(timeout: .seconds(10)) { woken.add(1, ordering: .relaxed) }
            }
        }
        for thread in threads { try thread.start() }
        XCTAssertFalse(event.isSet)
        event.set()
        for thread in threads { try thread.join() }
        XCTAssertEqual(woken.load(ordering: .relaxed), 5)
        XCTAssertTrue(event.wait(timeout: .zero))
    }

    func testClearMakesWaitsBlockAgain() {
        let event = Event()
        event.set()
        event.clear()
        XCTAssertFalse(event.isSet)
        XCTAssertFalse(event.wait(timeout: .milliseconds(10)))
    }
}

final class BarrierTests: XCTestCase {
    func testEveryRoundReleasesAllPartiesWithDistinctIndicesAndRunsTheActionOnce() throws {
        let actions = Atomic<Int>(0)
        let barrier = Barrier(parties: 4, name: "round") { actions.add(1, ordering: .relaxed) }
        let indices = Locked<[Int]>([])
        let threads = (0..<4).map { _ in
            RuntimeThread {
                for _ in 0..<3 {
                    let index = try barrier.wait(timeout: .seconds(10))
                    indices.withLock { $0.append(index) }
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        XCTAssertTrue(threads.allSatisfy { $0.error == nil })
        XCTAssertEqual(actions.load(ordering: .relaxed), 3)
        XCTAssertEqual(indices.withLock { $0.sorted() }, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])
        XCTAssertFalse(barrier.isBroken)
        XCTAssertEqual(barrier.waitingCount, 0)
    }

    func testATimeoutBreaksTheBarrierForEveryWaiter() throws {
        let barrier = Barrier(parties: 3, name: "meeting")
        let errors = Locked<[SynchronizationError]>([])
        let early = RuntimeThread {
            do { try barrier.wait() } catch { errors.withLock { $0.append(error as! SynchronizationError) } }
        }
        try early.start()
        while barrier.waitingCount < 1 { RuntimeThread.sleep(for: .milliseconds(1)) }
        XCTAssertThrowsError(try barrier.wait(timeout: .milliseconds(20))) { error in
            XCTAssertEqual(error as? SynchronizationError, .brokenBarrier(barrier: "meeting"))
        }
        try early.join()
        XCTAssertEqual(errors.withLock { $0 }, [.brokenBarrier(barrier: "meeting")])
        XCTAssertTrue(barrier.isBroken)
        XCTAssertThrowsError(try barrier.wait(timeout: .milliseconds(1)))
        XCTAssertEqual(SynchronizationError.brokenBarrier(barrier: "meeting").description,
            "barrier 'meeting' is broken: a thread timed out, or it was aborted or reset while threads waited")
    }

    func testAbortWakesWaitersAndResetMakesTheBarrierUsableAgain() throws {
        let barrier = Barrier(parties: 2)
        let waiter = RuntimeThread { try barrier.wait() }
        try waiter.start()
        while barrier.waitingCount < 1 { RuntimeThread.sleep(for: .milliseconds(1)) }
        barrier.abort()
        try waiter.join()
        XCTAssertNotNil(waiter.error)
        barrier.reset()
        XCTAssertFalse(barrier.isBroken)
        let partner = RuntimeThread { try barrier.wait(timeout: .seconds(10)) }
        try partner.start()
        XCTAssertNoThrow(try barrier.wait(timeout: .seconds(10)))
        try partner.join()
        XCTAssertNil(partner.error)
    }
}
