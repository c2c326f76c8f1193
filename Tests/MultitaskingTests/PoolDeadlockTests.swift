import Glibc
import Multitasking
import Testing

/// The pool-blocking watch's deadlock: tasks that wait on a semaphore only a later task would
/// release, more of them than the pool has threads. The watch says so within seconds and ends
/// the process as a deadlock (as under the grader) instead of leaving it to the test's timeout.
///
/// In a process of its own (an exit test), which blocks its own pool. Among the runtime's
/// tests, not the async pass of `Scripts/test.sh`: waiting for the child held threads of this
/// process's pool for seconds, and the async tests' timings failed beside it.
@Suite struct PoolDeadlockTests {
    @Test func tasksThatBlockEveryThreadOfThePoolAreReportedAsADeadlock() async {
        let result = await #expect(processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]) {
            Diagnostics.enable(Diagnostics.Options(onDeadlock: .exitProcess))
            // Without a report the child would wait for ever: it gives up after 15 s instead,
            // with another status. So the status says the report came within 15 s; the
            // parent's clock cannot, as this process's own pool may be busy for longer.
            try? Thread(name: "give up", daemon: true) {
                Thread.sleep(for: .seconds(15))
                exit(3)
            }.start()
            let slots = Semaphore(0, name: "slots")
            let waiters = 2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) + 1
            _ = await PoolBlockingWatch.watching {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<waiters { group.addTask { slots.acquire() } }
                }
            }
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("""
            Multitasking: Deadlock: tasks block every thread of the cooperative pool, and no task can run to wake them \
            (a task must suspend with await, not wait)
              a task on thread '
            """), "\(errorText)")
        #expect(errorText.contains("' waits for a permit of Semaphore 'slots'"), "\(errorText)")
    }
}
