import Multitasking
import RacyCounter
import Testing

@Test func fourThreadsCountEveryIncrement() throws {
    let counter = Counter()
    let workers = (1...4).map { index in
        Thread(name: "counter-\(index)") { for _ in 0..<5_000 { counter.increment() } }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    #expect(counter.value == 20_000, "some increments were lost")
}
