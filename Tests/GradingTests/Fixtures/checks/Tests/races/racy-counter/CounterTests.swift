import Glibc
import Multitasking
import RacyCounter
import Testing

@Test func fourThreadsCountEveryIncrement() throws {
    let counter = Counter()
    // All four count at the same time, taking turns on the two cores (sched_yield is no
    // synchronisation): a thread that finished before the next one ran would have its accesses
    // ordered before the other's by the runtime's own locks, and ThreadSanitizer would be right
    // to see no race in that run.
    let start = Barrier(parties: 4, name: "start")
    let workers = (1...4).map { index in
        Thread(name: "counter-\(index)") {
            _ = try? start.wait()
            for step in 0..<10_000 {
                counter.increment()
                if step % 500 == 0 { sched_yield() }
            }
        }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    #expect(counter.value == 40_000, "some increments were lost")
}
