import Multitasking
import Synchronization
import Testing

@Suite(.hangGuard)
struct LockTests {
    @Test func acquireAndReleaseToggleTheLock() throws {
        let lock = Lock(name: "door")
        #expect(!lock.isLocked)
        lock.acquire()
        #expect(lock.isLocked)
        #expect(lock.isHeldByCurrentThread)
        #expect(!lock.tryAcquire())
        try lock.release()
        #expect(!lock.isLocked)
        #expect(lock.tryAcquire())
        try lock.release()
    }

    @Test func releasingAnUnlockedLockIsAnError() {
        let lock = Lock(name: "door")
        #expect(throws: SynchronizationError.releasedUnlocked(lock: "door")) { try lock.release() }
        #expect(SynchronizationError.releasedUnlocked(lock: "door").description
            == "release() of lock 'door', which is not locked")
    }

    @Test func unnamedLocksAreNamedAfterWhereTheyWereCreated() {
        let lock = Lock()
        #expect(lock.name.hasPrefix("Lock#"))
        #expect(lock.name.hasSuffix("(MultitaskingTests/LockTests.swift:\(#line - 2))"))
    }

    @Test func acquireWithTimeoutGivesUpWhenTheLockStaysTaken() throws {
        let lock = Lock()
        lock.acquire()
        let outcome = Locked<(Bool, Duration)>((true, .zero))
        let waiter = Thread {
            let clock = ContinuousClock()
            let start = clock.now
            let acquired = lock.acquire(timeout: .milliseconds(50))
            outcome.withLock { $0 = (acquired, clock.now - start) }
        }
        try waiter.start()
        try waiter.join()
        let (acquired, waited) = outcome.withLock { $0 }
        #expect(!acquired)
        #expect(waited >= .milliseconds(50))
        try lock.release()
    }

    @Test func anotherThreadMayReleaseALock() throws {
        // The lesson's Lock is a binary semaphore: it has no owner that must release it.
        let lock = Lock()
        lock.acquire()
        let releaser = Thread { try lock.release() }
        try releaser.start()
        try releaser.join()
        #expect(releaser.error == nil)
        #expect(!lock.isLocked)
    }

    @Test func withLockReleasesEvenWhenTheBodyThrows() {
        struct Failure: Error {}
        let lock = Lock()
        #expect(throws: Failure.self) { try lock.withLock { throw Failure() } }
        #expect(!lock.isLocked)
        #expect(lock.withLock { 42 } == 42)
    }

    @Test func incrementsUnderTheLockAreNeverLost() throws {
        let lock = Lock(name: "counter")
        nonisolated(unsafe) var counter = 0
        let threads = (0..<8).map { _ in
            Thread { for _ in 0..<25_000 { lock.withLock { counter += 1 } } }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        #expect(lock.withLock { counter } == 200_000)
    }

    @Test func timedAcquisitionsUnderContentionKeepTheLockConsistent() throws {
        // Many threads competing with short timeouts: every success is matched by a release,
        // no two holders overlap, and the lock ends free.
        let lock = Lock(name: "contended")
        let inside = Atomic<Int>(0)
        let overlaps = Atomic<Int>(0)
        let successes = Atomic<Int>(0)
        let threads = (0..<8).map { _ in
            Thread {
                for _ in 0..<2_000 {
                    guard lock.acquire(timeout: .microseconds(50)) else { continue }
                    if inside.add(1, ordering: .sequentiallyConsistent).newValue != 1 {
                        overlaps.add(1, ordering: .relaxed)
                    }
                    inside.subtract(1, ordering: .sequentiallyConsistent)
                    successes.add(1, ordering: .relaxed)
                    try lock.release()
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        #expect(overlaps.load(ordering: .relaxed) == 0)
        #expect(successes.load(ordering: .relaxed) > 0)
        #expect(!lock.isLocked)
        #expect(threads.allSatisfy { $0.error == nil })
    }
}

@Suite(.hangGuard)
struct RLockTests {
    @Test func theOwnerMayAcquireAgainAndMustReleaseAsOften() throws {
        let lock = RLock(name: "account")
        let me = Thread.current
        lock.acquire()
        lock.acquire()
        #expect(lock.recursionCount == 2)
        #expect(lock.owningThread === me)
        try lock.release()
        #expect(lock.recursionCount == 1)
        let other = Thread { _ = lock.tryAcquire() ? 1 : 0 }
        try other.start()
        try other.join()
        try lock.release()
        #expect(lock.recursionCount == 0)
        #expect(lock.owningThread == nil)
    }

    @Test func onlyTheOwnerMayReleaseIt() throws {
        let lock = RLock(name: "account")
        let me = Thread.current.name  // the test runner's thread: MainThread or a Dummy-N
        lock.acquire()
        let outcome = Locked<SynchronizationError?>(nil)
        let intruder = Thread(name: "intruder") {
            do { try lock.release() } catch { outcome.withLock { $0 = error as? SynchronizationError } }
        }
        try intruder.start()
        try intruder.join()
        let expected = SynchronizationError.releasedByNonOwner(lock: "account", owner: me, caller: "intruder")
        #expect(outcome.withLock { $0 } == expected)
        #expect(expected.description == "thread 'intruder' cannot release lock 'account': it is held by thread '\(me)'")
        try lock.release()
        #expect(throws: SynchronizationError.releasedUnlocked(lock: "account")) { try lock.release() }
    }

    @Test func nestedCriticalSectionsOnOneThreadDoNotDeadlock() throws {
        let lock = RLock()
        nonisolated(unsafe) var transfers = 0
        @Sendable func deposit() { lock.withLock { transfers += 1 } }
        @Sendable func transfer() { lock.withLock { deposit(); deposit() } }
        let threads = (0..<4).map { _ in Thread { for _ in 0..<5_000 { transfer() } } }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        #expect(lock.withLock { transfers } == 40_000)
    }
}
