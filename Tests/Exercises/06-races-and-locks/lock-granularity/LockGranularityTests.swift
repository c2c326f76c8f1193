import CourseChecks
import Glibc
import LockGranularity
import Multitasking
import Testing

@Suite(.serialized) struct LockGranularityTests {
    @Test func addsEveryOne() {
        let tally = Tally()
        addOnes(to: tally, times: 1_000)
        let value = tally.lock.withLock { tally.value }
        #expect(value == 1_000, "addOnes(times: 1000) on a new tally should leave 1000, left \(value)")
    }

    @Test func fourThreadsOnOneTallyLoseNothing() throws {
        let tally = Tally()
        let startLine = Barrier(parties: 4, name: "start line")
        let workers = (0..<4).map { index in
            Thread(name: "adder-\(index)") {
                try startLine.wait()
                addOnes(to: tally, times: 50_000)
            }
        }
        for worker in workers { try worker.start() }
        for worker in workers { try worker.join() }
        let value = tally.lock.withLock { tally.value }
        #expect(value == 200_000,
                "4 threads each adding 50000 to one tally should leave 200000, left \(value): some additions were not under the lock")
    }

    /// One thread, no contention: what is measured is the price of the lock operations
    /// themselves. Taking the lock once for the loop costs one acquire and one release;
    /// taking it for every step costs `steps` of each, several times the work of `+= 1`.
    @Test func locksOnceAroundTheLoop() {
        // Under the runtime's schedule perturbation (MULTITASKING_SEED) some lock operations
        // are delayed by up to half a millisecond: fewer steps then, the ratio only grows.
        let steps = getenv("MULTITASKING_SEED") == nil ? 1_000_000 : 20_000
        let coarse = Tally(), fine = Tally()
        let check = Timing.ratio(
            "addOnes vs a lock taken for every step", atMost: 0.5, attempts: 3,
            of: { addOnes(to: coarse, times: steps) },
            against: {
                for _ in 0..<steps { fine.lock.withLock { fine.value += 1 } }
            })
        #expect(check.passed, """
            \(check). addOnes should take the lock once around its loop; taking it for every \
            step costs an acquire and a release per `+= 1`
            """)
    }
}
