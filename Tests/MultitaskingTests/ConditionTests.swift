import Multitasking
import Synchronization
import Testing

@Suite(.hangGuard)
struct ConditionTests {
    @Test func waitingOrNotifyingWithoutTheLockIsAnError() {
        let condition = Condition(name: "ready")
        #expect(throws: SynchronizationError.conditionLockNotHeld(condition: "ready", operation: "wait")) {
            try condition.wait(timeout: .milliseconds(1))
        }
        #expect(throws: SynchronizationError.conditionLockNotHeld(condition: "ready", operation: "notify")) {
            try condition.notify()
        }
        #expect(throws: SynchronizationError.conditionLockNotHeld(condition: "ready", operation: "notifyAll")) {
            try condition.notifyAll()
        }
        #expect(SynchronizationError.conditionLockNotHeld(condition: "ready", operation: "wait").description
            == "wait() on condition 'ready' needs its lock: acquire it first")
    }

    @Test func waitTimesOutWithoutANotification() throws {
        let condition = Condition()
        let woken = try condition.withLock { try condition.wait(timeout: .milliseconds(20)) }
        #expect(!woken)
        #expect(condition.tryAcquire())  // the lock was given back after the wait
        try condition.release()
    }

    @Test func notifyWakesWaitersInTheOrderTheyCame() throws {
        let condition = Condition(lock: Lock(name: "line"))
        let order = Locked<[Int]>([])
        let waiting = Atomic<Int>(0)
        var threads: [Thread] = []
        for index in 0..<4 {
            let thread = Thread(name: "waiter-\(index)") {
                try condition.withLock {
                    waiting.add(1, ordering: .relaxed)
                    try condition.wait()
                    order.withLock { $0.append(index) }
                }
            }
            try thread.start()
            threads.append(thread)
            // The next waiter starts once this one has counted itself, under the lock. It can
            // take the lock only when this one gives it up inside wait(), so they queue in order.
            while waiting.load(ordering: .relaxed) <= index { Thread.sleep(for: .milliseconds(1)) }
        }
        for notified in 1...4 {
            try condition.withLock { try condition.notify() }
            // One at a time, so the woken waiters do not race each other for the lock.
            while order.withLock({ $0.count }) < notified { Thread.sleep(for: .milliseconds(1)) }
        }
        for thread in threads { try thread.join() }
        #expect(order.withLock { $0 } == [0, 1, 2, 3])
        #expect(threads.allSatisfy { $0.error == nil })
    }

    @Test func notifyAllWakesEveryWaiterAndPredicatesAreRechecked() throws {
        let condition = Condition()
        nonisolated(unsafe) var open = false
        let passed = Atomic<Int>(0)
        let threads = (0..<6).map { _ in
            Thread {
                try condition.withLock {
                    try condition.wait(for: { open })
                    passed.add(1, ordering: .relaxed)
                }
            }
        }
        for thread in threads { try thread.start() }
        Thread.sleep(for: .milliseconds(20))
        try condition.withLock { try condition.notifyAll() }  // predicate still false: nobody passes
        Thread.sleep(for: .milliseconds(20))
        #expect(passed.load(ordering: .relaxed) == 0)
        try condition.withLock {
            open = true
            try condition.notifyAll()
        }
        for thread in threads { try thread.join() }
        #expect(passed.load(ordering: .relaxed) == 6)
    }

    @Test func waitForReturnsFalseWhenThePredicateStaysFalse() throws {
        let condition = Condition()
        let result = try condition.withLock { try condition.wait(for: { false }, timeout: .milliseconds(20)) }
        #expect(!result)
    }

    @Test func waitRestoresTheRecursionDepthOfAnRLock() throws {
        let lock = RLock()
        let condition = Condition(lock: lock)
        lock.acquire()
        lock.acquire()
        let notifier = Thread {
            try condition.withLock { try condition.notify() }  // possible only if wait() released every level
        }
        try notifier.start()
        let woken = try condition.wait(timeout: .seconds(10))
        #expect(woken)
        #expect(lock.recursionCount == 2)
        try lock.release()
        try lock.release()
        try notifier.join()
    }

    @Test func producersAndConsumersHandOverEveryItemExactlyOnce() throws {
        let condition = Condition(name: "buffer")
        nonisolated(unsafe) var buffer: [Int] = []
        let consumed = Locked<[Int]>([])
        let itemsPerProducer = 2_000
        let producers = (0..<3).map { producer in
            Thread {
                for item in 0..<itemsPerProducer {
                    try condition.withLock {
                        buffer.append(producer * itemsPerProducer + item)
                        try condition.notify()
                    }
                }
            }
        }
        let consumers = (0..<3).map { _ in
            Thread {
                for _ in 0..<itemsPerProducer {
                    let item = try condition.withLock {
                        try condition.wait(for: { !buffer.isEmpty })
                        return buffer.removeFirst()
                    }
                    consumed.withLock { $0.append(item) }
                }
            }
        }
        for thread in consumers + producers { try thread.start() }
        for thread in consumers + producers { try thread.join() }
        #expect(consumed.withLock { $0.sorted() } == Array(0..<(3 * itemsPerProducer)))
    }
}

@Suite(.hangGuard)
struct SemaphoreTests {
    @Test func aSemaphoreLimitsHowManyThreadsAreInside() throws {
        let semaphore = Semaphore(3, name: "downloads")
        let inside = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        let threads = (0..<10).map { _ in
            Thread {
                for _ in 0..<20 {
                    semaphore.withLock {
                        let now = inside.add(1, ordering: .sequentiallyConsistent).newValue
                        _ = most.max(now, ordering: .relaxed)
                        Thread.sleep(for: .microseconds(200))
                        inside.subtract(1, ordering: .sequentiallyConsistent)
                    }
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        #expect(most.load(ordering: .relaxed) <= 3)
        #expect(most.load(ordering: .relaxed) >= 2)  // the threads did overlap
        #expect(semaphore.value == 3)
    }

    @Test func acquireTimesOutAndReleaseAddsPermits() throws {
        let semaphore = Semaphore(0)
        #expect(!semaphore.acquire(timeout: .milliseconds(10)))
        #expect(!semaphore.tryAcquire())
        semaphore.release(2)
        #expect(semaphore.value == 2)
        #expect(semaphore.tryAcquire())
        #expect(semaphore.acquire(timeout: .milliseconds(10)))
        #expect(semaphore.value == 0)
    }

    @Test func aReleaseWakesABlockedAcquirer() throws {
        let semaphore = Semaphore(0)
        let acquirer = Thread { semaphore.acquire() }
        try acquirer.start()
        #expect(try acquirer.join(timeout: .milliseconds(20)) == false)
        semaphore.release()
        #expect(try acquirer.join(timeout: .seconds(10)))
    }

    @Test func aBoundedSemaphoreRefusesAnExtraRelease() throws {
        let semaphore = BoundedSemaphore(2, name: "pool")
        semaphore.acquire()
        try semaphore.release()
        #expect(throws: SynchronizationError.overReleased(semaphore: "pool", limit: 2)) { try semaphore.release() }
        #expect(semaphore.value == 2)
        #expect(SynchronizationError.overReleased(semaphore: "pool", limit: 2).description
            == "BoundedSemaphore 'pool' released too many times (its limit is 2)")
    }
}
