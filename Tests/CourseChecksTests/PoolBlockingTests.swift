import CourseChecks
import Multitasking
import Testing

/// Each test blocks a thread of the pool on purpose, for 25 ms at most: long enough that the
/// wait surely blocks (the other side starts 25 ms later), short enough that the timing
/// self-tests running beside them hardly wait for a thread. (A pool blocked for good is
/// `PoolDeadlockTests`, among the runtime's tests: the wait for its child process disturbs the
/// timings of the async tests.)
///
/// `forbidBlockingThePool`: which waits it sees (in the region's tasks, their children and
/// `Task { }`s), which it must not (runtime threads, other tasks, after the region, detached
/// tasks), and the message a suite prints.
struct PoolBlockingTests {
    @Test func aSemaphoreWaitInTheTaskIsReportedWithWhatItWaitedFor() async {
        let semaphore = Semaphore(0, name: "readings")
        let releaser = Thread(name: "releaser", daemon: true) {
            Thread.sleep(for: .milliseconds(25))
            semaphore.release()
        }
        let result = await forbidBlockingThePool {
            try? releaser.start()
            semaphore.acquire()
            return 7
        }
        #expect(result.value == 7)
        // The first wait is for the permit; the semaphore's own lock, taken while the releaser
        // holds it, may be a second.
        #expect(result.sightings.first?.waitedFor == "a permit of Semaphore 'readings'", "\(result.sightings)")
        let thread = result.sightings.first?.thread ?? ""
        let message = result.message(function: "read()")
        #expect(message.hasPrefix("""
            read() blocked the cooperative pool: a task blocked a thread of the cooperative pool \
            ('\(thread)'): it waited for a permit of Semaphore 'readings'
            """), "\(message)")
        #expect(message.hasSuffix("""
            . Code running in a task must suspend (await a continuation, Task.sleep), not wait; \
            run blocking work on a thread of the runtime and await its result
            """), "\(message)")
    }

    @Test func sleepsAndJoinsInChildTasksAndUnstructuredTasksAreReported() async {
        let check = await forbidBlockingThePool {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { Thread.sleep(for: .milliseconds(1)) }
            }
            await Task {
                let worker = Thread(name: "slow worker") { Thread.sleep(for: .milliseconds(25)) }
                try? worker.start()
                try? worker.join()
            }.value
        }
        let waits = check.sightings.map(\.waitedFor)
        #expect(waits.count == 2, "\(waits)")
        #expect(waits.first == "a sleep of 0.001 seconds")
        #expect(waits.last?.contains("'slow worker'") == true, "\(waits)")
        #expect(check.message(function: "f()").hasSuffix("(2 blocking waits in all). Code running in a task must suspend (await a continuation, Task.sleep), not wait; run blocking work on a thread of the runtime and await its result"))
    }

    @Test func waitsOnRuntimeThreadsAreNotReported() async {
        let check = await forbidBlockingThePool {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let worker = Thread(name: "blocking worker", daemon: true) {
                    Thread.sleep(for: .milliseconds(20))
                    let lock = Lock()
                    lock.acquire()
                    try? lock.release()
                    continuation.resume()
                }
                try? worker.start()
            }
        }
        #expect(check.passed, "\(check.sightings)")
        #expect(check.message(function: "f()") == "")
    }

    @Test func waitsOutsideTheRegionAreNotReported() async {
        let before = await forbidBlockingThePool { 1 }
        Thread.sleep(for: .milliseconds(1))
        let outsider = Task.detached { Thread.sleep(for: .milliseconds(10)) }
        let check = await forbidBlockingThePool {
            // Another task (not a child) blocks meanwhile, and a detached task started here
            // inherits nothing: neither is this region's.
            await Task.detached { Thread.sleep(for: .milliseconds(1)) }.value
            try? await Task.sleep(for: .milliseconds(20))
        }
        await outsider.value
        #expect(before.passed)
        #expect(check.passed, "\(check.sightings)")
    }
}
