import CourseChecks
import Multitasking
import ReentrantLock
import XCTest

/// Each scenario runs on daemon threads joined with a timeout, so a lock that never frees
/// fails the test instead of hanging it.
final class ReentrantLockTests: XCTestCase {
    /// Runs `body` on a daemon thread named `name` and returns its result, or nil (after a
    /// failure that says what was stuck) if it does not finish within a few seconds.
    private func onThread<Value: Sendable>(
        _ name: String, _ what: String, patience: Duration = .seconds(5), file: StaticString = #filePath, line: UInt = #line,
        _ body: @escaping @Sendable () throws -> Value
    ) throws -> Value? {
        let result = Box<Value>()
        let worker = Thread(name: name, daemon: true) { result.set(try body()) }
        try worker.start()
        guard try worker.join(timeout: patience) else {
            XCTFail("\(what) did not finish within \(patience): the thread is stuck waiting for the lock", file: file, line: line)
            return nil
        }
        if let error = worker.error { XCTFail("\(what) threw \(error)", file: file, line: line) }
        return result.value
    }

    func testTheOwnerMayAcquireAgainAndEachLevelIsCounted() throws {
        let lock = MyRLock(name: "nested")
        let counts = try onThread("owner", "acquiring the lock three times from one thread") { () -> [Int] in
            var counts: [Int] = []
            lock.acquire()
            counts.append(lock.recursionCount)
            counts.append(lock.tryAcquire() ? lock.recursionCount : -1)
            counts.append(lock.acquire(timeout: .milliseconds(10)) ? lock.recursionCount : -1)
            for _ in 0..<3 {
                try lock.release()
                counts.append(lock.recursionCount)
            }
            return counts
        }
        XCTAssertEqual(counts, [1, 2, 3, 2, 1, 0], """
            recursionCount after acquire, tryAcquire, acquire(timeout:) by the owner, then after each \
            of three releases (-1: the owner's tryAcquire or timed acquire failed)
            """)
        let free = try onThread("other", "tryAcquire from another thread") { lock.tryAcquire() }
        XCTAssertEqual(free, true, "after three acquisitions and three releases another thread should get the lock")
    }

    func testOtherThreadsWaitUntilTheLastLevelIsReleased() throws {
        let lock = MyRLock(name: "levels")
        let ownerHolds = Event(name: "test-owner-holds")
        let ownerMayRelease = Event(name: "test-owner-may-release")
        let owner = Thread(name: "owner", daemon: true) {
            lock.acquire()
            lock.acquire()
            try lock.release()
            ownerHolds.set()
            _ = ownerMayRelease.wait(timeout: .seconds(3))
            try lock.release()
        }
        try owner.start()
        XCTAssertTrue(ownerHolds.wait(timeout: .seconds(3)), "the owner thread did not get through acquire, acquire, release")
        let whileHeld = try onThread("other", "tryAcquire and acquire(timeout:) while another thread holds the lock") {
            [lock.tryAcquire(), lock.acquire(timeout: .milliseconds(50))]
        }
        XCTAssertEqual(whileHeld, [false, false], """
            the owner acquired twice and released once, so it still holds the lock: another thread's \
            tryAcquire and acquire(timeout:) must fail
            """)
        ownerMayRelease.set()
        XCTAssertTrue(try owner.join(timeout: .seconds(3)), "the owner's last release did not return")
        let afterwards = try onThread("other", "acquire(timeout:) after the owner released every level") {
            lock.acquire(timeout: .seconds(1))
        }
        XCTAssertEqual(afterwards, true, "after the owner's last release another thread should get the lock")
    }

    func testOnlyTheOwnerMayRelease() throws {
        let lock = MyRLock(name: "owned")
        let unheld = try onThread("early-bird", "release() of a lock nobody holds") { () -> SynchronizationError? in
            releaseFailure(lock)
        }
        XCTAssertEqual(unheld, .some(.releasedUnlocked(lock: "owned")),
                       "release() of a lock nobody holds should throw .releasedUnlocked(lock: \"owned\")")

        let ownerHolds = Event(name: "test-owner-holds")
        let ownerMayRelease = Event(name: "test-owner-may-release")
        let owner = Thread(name: "owner", daemon: true) {
            lock.acquire()
            ownerHolds.set()
            _ = ownerMayRelease.wait(timeout: .seconds(3))
            try lock.release()
        }
        try owner.start()
        defer { ownerMayRelease.set() }
        XCTAssertTrue(ownerHolds.wait(timeout: .seconds(3)), "the owner thread did not get the lock")
        let intruder = try onThread("intruder", "release() by a thread that does not hold the lock") { () -> SynchronizationError? in
            releaseFailure(lock)
        }
        XCTAssertEqual(intruder, .some(.releasedByNonOwner(lock: "owned", owner: "owner", caller: "intruder")), """
            thread 'intruder' released a lock held by thread 'owner': that must throw \
            .releasedByNonOwner(lock: "owned", owner: "owner", caller: "intruder"), not be accepted
            """)
        let stillHeld = try onThread("bystander", "tryAcquire while the owner holds the lock") { lock.tryAcquire() }
        XCTAssertEqual(stillHeld, false, "a refused release must leave the lock held by its owner")
    }

    func testANewOwnerStartsAtOneLevel() throws {
        let lock = MyRLock(name: "handed-on")
        _ = try onThread("first", "acquire twice, release twice") {
            lock.acquire(); lock.acquire()
            try lock.release(); try lock.release()
        }
        let second = try onThread("second", "acquire once, release once, on a second thread") { () -> [Int] in
            lock.acquire()
            let level = lock.recursionCount
            try lock.release()
            return [level, lock.recursionCount]
        }
        XCTAssertEqual(second, [1, 0], """
            a thread that acquires the lock once holds it at one level (recursionCount 1) and frees it \
            with one release: the count must start again from 1 for each new owner
            """)
        let free = try onThread("third", "tryAcquire after every owner released") { lock.tryAcquire() }
        XCTAssertEqual(free, true, """
            the first thread acquired and released twice, the second once and once: the lock should be free, \
            but tryAcquire failed (a count left over from the previous owner?)
            """)
    }

    func testItExcludesOtherThreadsUnderContention() throws {
        let lock = MyRLock(name: "counter")
        let counter = Counter()
        guard let total = try onThread("coordinator", "4 threads taking the lock 300 times each", patience: .seconds(10), { () -> Int in
            let workers = (0..<4).map { index in
                Thread(name: "worker-\(index)", daemon: true) {
                    for _ in 0..<300 {
                        lock.withLock { lock.withLock { counter.unsafeIncrement() } }
                    }
                }
            }
            for worker in workers { try worker.start() }
            for worker in workers { try worker.join() }
            return counter.unsafeValue
        }) else { return }
        XCTAssertEqual(total, 1_200, "4 threads x 300 increments under the lock: some were lost, so two threads held it at once")
    }

    /// Under the runtime's explorer: two threads enter twice each, and may be switched between
    /// the counter's read and its write. Every schedule with at most two preemptions is tried; in
    /// any where both threads are inside at once an increment is lost, and no schedule may hang.
    func testNoScheduleLetsTwoThreadsInAtOnce() throws {
        try explore(.dfs(), budget: 3000) {
            let lock = MyRLock(name: "counter")
            let counter = Counter()
            let workers = (0..<2).map { index in
                Thread(name: "worker-\(index)") {
                    for _ in 0..<2 { lock.withLock { lock.withLock { counter.incrementWithSwitchPoint() } } }
                }
            }
            for worker in workers { try worker.start() }
            for worker in workers { try worker.join() }
            try check(counter.unsafeValue == 4, "2 threads x 2 increments under the lock counted \(counter.unsafeValue): both held it at once")
        }
    }
}

extension ReentrantLockTests {
    /// Owners nest while other threads, for as long as the owners work, ask for the count and
    /// try to release the lock beside them (run under the race check): the count is right for
    /// its owner, 0 for every other thread, a release by another thread is refused, and the
    /// lock's bookkeeping is never read or written by two threads without its own lock.
    func testTheCountIsRightForEveryThreadWhileOthersNest() throws {
        let lock = MyRLock(name: "nested")
        let counter = Counter()
        let wrong = Box<String>()
        let ownersDone = Event(name: "test-owners-done")
        guard let total = try onThread("coordinator", "2 owners nesting 300 times beside 2 askers", patience: .seconds(20), { () -> Int in
            let owners = (0..<2).map { index in
                Thread(name: "owner-\(index)", daemon: true) {
                    for _ in 0..<300 {
                        lock.acquire()
                        lock.acquire()
                        if lock.recursionCount != 2 { wrong.set("an owner holding the lock twice saw recursionCount \(lock.recursionCount)") }
                        counter.unsafeIncrement()
                        try lock.release()
                        if lock.recursionCount != 1 { wrong.set("an owner that released one of two levels saw recursionCount \(lock.recursionCount)") }
                        try lock.release()
                    }
                }
            }
            let askers = (0..<2).map { index in
                Thread(name: "asker-\(index)", daemon: true) {
                    repeat {
                        if lock.recursionCount != 0 {
                            wrong.set("a thread that never took the lock saw recursionCount \(lock.recursionCount): the count belongs to the owner")
                        }
                        if releaseFailure(lock) == nil {
                            wrong.set("a thread that never took the lock released it: only the owner may release")
                        }
                    } while !ownersDone.isSet
                }
            }
            for thread in askers + owners { try thread.start() }
            for owner in owners { try owner.join() }
            ownersDone.set()
            for asker in askers { try asker.join() }
            return counter.unsafeValue
        }) else { return }
        XCTAssertNil(wrong.value, wrong.value ?? "")
        XCTAssertEqual(total, 600, "2 owners x 300 increments under the lock: some were lost, so two threads held it at once")
    }
}

/// The error `release()` throws, or nil if it returns.
func releaseFailure(_ lock: MyRLock) -> SynchronizationError? {
    do {
        try lock.release()
        return nil
    } catch {
        return error
    }
}

/// A counter with no lock of its own: the lock under test must protect it.
final class Counter: @unchecked Sendable {
    private var value = 0
    func unsafeIncrement() {
        let read = value
        if read % 64 == 0 { Diagnostics.perturbationPoint() }
        value = read + 1
    }
    /// For the explorer: another thread may run between the read and the write.
    func incrementWithSwitchPoint() {
        let read = value
        schedulePoint()
        value = read + 1
    }
    var unsafeValue: Int { value }
}

final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = Lock(name: "test-box")
    private var stored: Value?
    func set(_ value: Value) { lock.withLock { stored = value } }
    var value: Value? { lock.withLock { stored } }
}
