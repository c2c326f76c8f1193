import Multitasking
import RacyCounter
import Testing

@Test func fourThreadsCountEveryIncrement() throws {
    let counter = Counter()
    // All four count at the same time: without the barrier the first thread could finish
    // before the last starts, and the runtime's own bookkeeping would order their accesses.
    let start = Barrier(parties: 4, name: "start")
    let workers = (1...4).map { index in
        Thread(name: "counter-\(index)") {
            _ = try? start.wait()
            for _ in 0..<10_000 { counter.increment() }
        }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    #expect(counter.value == 40_000, "some increments were lost")
}
