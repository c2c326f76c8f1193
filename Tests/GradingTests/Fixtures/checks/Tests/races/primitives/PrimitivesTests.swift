import Glibc
import Multitasking
import Primitives
import Testing

/// Four threads increment at the same time while a fifth reads, taking turns on the cores
/// (see the racy counter's test): the race check must see every synchronisation. The counter
/// is kept alive to the end of the process: ThreadSanitizer reports one race per address, and
/// a freed counter's address would be the next one's, hiding its race.
func hammer(_ counter: AnyObject, increment: @escaping @Sendable () -> Void, read: @escaping @Sendable () -> Int) throws {
    _ = Unmanaged.passRetained(counter)
    let start = Barrier(parties: 5, name: "start")
    let workers = (1...4).map { index in
        Thread(name: "counter-\(index)") {
            _ = try? start.wait()
            for step in 0..<2_000 {
                increment()
                if step % 100 == 0 { sched_yield() }
            }
        }
    }
    let reader = Thread(name: "reader") {
        _ = try? start.wait()
        for _ in 0..<200 {
            _ = read()
            sched_yield()
        }
    }
    for thread in workers + [reader] { try thread.start() }
    for thread in workers + [reader] { try thread.join() }
}

@Test func mutex() throws {
    let counter = MutexCounter()
    try hammer(counter, increment: counter.increment, read: { counter.value })
    #expect(counter.value == 8_000)
}

@Test func atomic() throws {
    let counter = AtomicCounter()
    try hammer(counter, increment: counter.increment, read: { counter.value })
    #expect(counter.value == 8_000)
    let mailbox = AtomicMailbox()
    let writer = Thread(name: "writer") { mailbox.post(42) }
    try writer.start()
    #expect(mailbox.read() == 42)
    try writer.join()
}

@Test func locks() throws {
    let lock = LockCounter()
    try hammer(lock, increment: lock.increment, read: { lock.value })
    let reentrant = RLockCounter()
    try hammer(reentrant, increment: reentrant.increment, read: { reentrant.value })
    let semaphores = SemaphoreCounter()
    try hammer(semaphores, increment: semaphores.increment, read: { semaphores.value })
    #expect([lock.value, reentrant.value, semaphores.value] == [8_000, 8_000, 16_000])
}

@Test func handOffs() throws {
    #expect(try readAfterJoin() == 42)
    #expect(try readAfterEvent() == 42)
    #expect(try readAfterCondition() == 42)
    #expect(try readAfterSemaphore() == 42)
    #expect(try readAfterQueue() == 42)
    #expect(try sumAfterBarrier(threads: 4) == 10)
}

@Test func processPrimitives() throws {
    let lock = ProcessLockCounter()
    try hammer(lock, increment: lock.increment, read: { lock.value })
    let shared = try SharedValueCounter()
    try hammer(shared, increment: shared.increment, read: { shared.value })
    #expect(lock.value == 8_000 && shared.value == 8_000)
}
