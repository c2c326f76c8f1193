import Multitasking

/// A plain value written by one thread and read by another after a hand-off through the
/// runtime: `join`, an `Event`, a `Condition`, a `Semaphore` released as a signal, a `Queue`,
/// a `Barrier`.
///
/// Every letter is kept alive to the end of the process: ThreadSanitizer reports one race per
/// address (`suppress_equal_addresses`), and a freed letter's address would be the next one's.
public final class Letter: @unchecked Sendable {
    public var text = 0
    public init() { _ = Unmanaged.passRetained(self) }
}

public func readAfterJoin() throws -> Int {
    let letter = Letter()
    let writer = Thread(name: "writer") { letter.text = 42 }
    try writer.start()
    try writer.join()
    return letter.text
}

public func readAfterEvent() throws -> Int {
    let letter = Letter()
    let ready = Event(name: "ready")
    let writer = Thread(name: "writer") {
        letter.text = 42
        ready.set()
    }
    try writer.start()
    ready.wait()
    let text = letter.text
    try writer.join()
    return text
}

public func readAfterCondition() throws -> Int {
    let letter = Letter()
    let changed = Condition(name: "changed")
    nonisolated(unsafe) var written = false  // guarded by `changed`
    let writer = Thread(name: "writer") {
        letter.text = 42
        changed.withLock {
            written = true
            try? changed.notifyAll()
        }
    }
    try writer.start()
    changed.withLock { _ = try? changed.wait(for: { written }) }
    let text = letter.text
    try writer.join()
    return text
}

public func readAfterSemaphore() throws -> Int {
    let letter = Letter()
    let signal = Semaphore(0, name: "signal")
    let writer = Thread(name: "writer") {
        letter.text = 42
        signal.release()
    }
    try writer.start()
    signal.acquire()
    let text = letter.text
    try writer.join()
    return text
}

public func readAfterQueue() throws -> Int {
    let mail = Queue<Letter>(name: "mail")
    let writer = Thread(name: "writer") {
        let letter = Letter()
        letter.text = 42
        mail.put(letter)
    }
    try writer.start()
    let text = mail.get().text
    try writer.join()
    return text
}

/// Every thread writes its own slot, meets the others at the barrier, then reads every slot.
public func sumAfterBarrier(threads: Int) throws -> Int {
    let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: threads)
    slots.initialize(repeating: 0)
    defer { slots.deallocate() }
    nonisolated(unsafe) let shared = slots
    let met = Barrier(parties: threads, name: "met")
    let sums = Queue<Int>(name: "sums")
    let workers = (0..<threads).map { index in
        Thread(name: "slot-\(index)") {
            shared[index] = index + 1
            _ = try met.wait()
            sums.put(shared.reduce(0, +))
        }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    return (0..<threads).map { _ in sums.get() }.min() ?? 0
}
