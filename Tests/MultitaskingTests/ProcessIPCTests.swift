import Glibc
import Multitasking
import Testing

struct Order: Codable, Equatable, Sendable {
    var id: Int
    var customer: String
    var items: [String: Int]
    var note: String?
    var express: Bool
    var weight: Double
    var tags: [UInt8]
}

@Suite(.hangGuard, forkSupported)
struct ProcessQueueTests {
    @Test func itemsComeOutInOrderAcrossProcesses() throws {
        let queue = try ProcessQueue<Order>(name: "orders")
        let producer = Multitasking.Process(name: "producer") {
            for id in 0..<100 {
                try queue.put(Order(id: id, customer: "c\(id)", items: ["tea": id], note: id % 2 == 0 ? nil : "odd",
                                    express: id % 3 == 0, weight: Double(id) / 4, tags: [UInt8(id % 256)]))
            }
        }
        try producer.start()
        for id in 0..<100 {
            let order = try queue.get(timeout: .seconds(10))
            #expect(order == Order(id: id, customer: "c\(id)", items: ["tea": id], note: id % 2 == 0 ? nil : "odd",
                                   express: id % 3 == 0, weight: Double(id) / 4, tags: [UInt8(id % 256)]))
        }
        try producer.join()
        #expect(producer.exitCode == 0)
        #expect(queue.isEmpty)
    }

    @Test func severalProducersAndConsumersDeliverEveryMessageExactlyOnce() throws {
        let producers = 3, consumers = 3, perProducer = 2_000
        let queue = try ProcessQueue<[Int]>(maxsize: 50, name: "work")
        let seen = try SharedArray<UInt8>(repeating: 0, count: producers * perProducer)
        let producing = (0..<producers).map { producer in
            Multitasking.Process(name: "producer-\(producer)") {
                for index in 0..<perProducer {
                    // A message long enough that a torn write would show in the check below.
                    let value = producer * perProducer + index
                    try queue.put([value, value * 2, value * 3, -value])
                }
            }
        }
        let consuming = (0..<consumers).map { consumer in
            Multitasking.Process(name: "consumer-\(consumer)") {
                while true {
                    let message = try queue.get(timeout: .seconds(20))
                    if message.isEmpty { return }
                    let value = message[0]
                    guard message == [value, value * 2, value * 3, -value] else { exit(3) }
                    seen.withLock { $0[value] &+= 1 }
                }
            }
        }
        for process in producing + consuming { try process.start() }
        for process in producing { try process.join() }
        for _ in 0..<consumers { try queue.put([]) }
        for process in consuming { try process.join() }
        #expect((producing + consuming).allSatisfy { $0.exitCode == 0 })
        #expect(seen.elements.allSatisfy { $0 == 1 })
    }

    @Test func fullAndEmptyAreErrorsWithClearMessages() throws {
        let queue = try ProcessQueue<Int>(maxsize: 2, name: "small")
        #expect(throws: ProcessQueueError.empty(queue: "small")) { try queue.getNowait() }
        #expect(throws: ProcessQueueError.empty(queue: "small")) { try queue.get(timeout: .milliseconds(20)) }
        try queue.put(1)
        try queue.putNowait(2)
        #expect(queue.isFull)
        #expect(queue.count == 2)
        #expect(throws: ProcessQueueError.full(queue: "small", maxsize: 2)) { try queue.putNowait(3) }
        #expect(throws: ProcessQueueError.full(queue: "small", maxsize: 2)) { try queue.put(3, timeout: .milliseconds(20)) }
        #expect(try queue.getNowait() == 1)
        #expect(try queue.get() == 2)
        #expect(ProcessQueueError.full(queue: "q", maxsize: 2).description
            == "process queue 'q' is full (maxsize 2): put() could not add the item")
        #expect(ProcessQueueError.full(queue: "q", maxsize: 0).description
            == "process queue 'q' is full (its buffer has no room left): put() could not add the item")
        #expect(ProcessQueueError.empty(queue: "q").description == "process queue 'q' is empty: get() found no item")
        #expect(ProcessQueueError.messageTooLarge(queue: "q", bytes: 100, bufferBytes: 64).description
            == "cannot put an item of 100 bytes into process queue 'q': its buffer holds 64 bytes")
        #expect(ProcessQueueError.encodingFailed(queue: "q", reason: "r").description == "cannot encode an item for process queue 'q': r")
        #expect(ProcessQueueError.decodingFailed(queue: "q", reason: "r").description == "cannot decode an item from process queue 'q': r")
    }

    @Test func aBlockedPutWakesWhenAnotherProcessGets() throws {
        let queue = try ProcessQueue<String>(maxsize: 1, name: "handoff")
        try queue.put("first")
        let taker = Multitasking.Process {
            Thread.sleep(for: .milliseconds(100))
            _ = try queue.get()
        }
        try taker.start()
        try queue.put("second", timeout: .seconds(10))  // waits until the child made room
        try taker.join()
        #expect(try queue.get() == "second")
    }

    @Test func theBufferLimitsUnboundedQueuesAndTooLargeItemsAreRefused() throws {
        let queue = try ProcessQueue<String>(bufferBytes: 64, name: "tiny")
        #expect(throws: ProcessQueueError.messageTooLarge(queue: "tiny", bytes: 105, bufferBytes: 64)) {
            try queue.put(String(repeating: "x", count: 100))
        }
        try queue.put(String(repeating: "y", count: 50))  // 5 + 50 bytes, plus 4 of framing
        #expect(throws: ProcessQueueError.full(queue: "tiny", maxsize: 0)) { try queue.putNowait("z") }
    }

    @Test func aConsumerKilledWhileWaitingLeavesTheQueueUsable() throws {
        let queue = try ProcessQueue<Int>(name: "survivor")
        let victim = Multitasking.Process { _ = try queue.get() }
        try victim.start()
        Thread.sleep(for: .milliseconds(50))
        try victim.kill()
        try victim.join()
        try queue.put(7, timeout: .seconds(5))
        #expect(try queue.get(timeout: .seconds(5)) == 7)
    }
}

@Suite(.hangGuard, forkSupported)
struct PipeTests {
    @Test func valuesTravelBothWaysOnADuplexPipe() throws {
        let (parentEnd, childEnd) = try Pipe()
        let child = Multitasking.Process(name: "echo") {
            while true {
                let text: String = try childEnd.recv()
                if text == "stop" { return }
                try childEnd.send(text.uppercased())
            }
        }
        try child.start()
        for word in ["ping", "pong", "ünïcödé"] {
            try parentEnd.send(word)
            #expect(try parentEnd.recv(String.self) == word.uppercased())
        }
        try parentEnd.send("stop")
        try child.join()
        #expect(child.exitCode == 0)
    }

    @Test func recvAfterTheOtherEndClosedIsAClearError() throws {
        let (first, second) = try Pipe()
        let child = Multitasking.Process {
            try second.send(42)
        }  // the child's copy of `second` closes when it ends
        try child.start()
        try child.join()
        second.close()
        #expect(try first.recv(Int.self) == 42)
        #expect(throws: PipeError.closed(connection: first.name)) { try first.recv(Int.self) }
        #expect(throws: PipeError.closed(connection: first.name)) { try sendUntilRefused(1, on: first) }
        #expect(PipeError.closed(connection: "p").description
            == "the other end of connection 'p' is closed: nothing more can be sent or received")
    }

    @Test func sendingToAClosedPipeLeavesNoSIGPIPEBehind() throws {
        // The ends are kernel pipes: a write nobody can read raises SIGPIPE, which would end the
        // program. send must turn it into PipeError.closed and take the signal off again.
        let (first, second) = try Pipe()
        second.close()
        #expect(throws: PipeError.closed(connection: first.name)) { try sendUntilRefused("anyone?", on: first) }
        var pending = sigset_t()
        sigpending(&pending)
        #expect(sigismember(&pending, SIGPIPE) == 0)
        let (receiver, sender) = try Pipe(duplex: false)
        receiver.close()
        #expect(throws: PipeError.closed(connection: sender.name)) { try sendUntilRefused([1, 2, 3], on: sender) }
        sigpending(&pending)
        #expect(sigismember(&pending, SIGPIPE) == 0)
    }

    @Test func aOneWayPipeRefusesTheWrongDirection() throws {
        let (receiver, sender) = try Pipe(duplex: false)
        #expect(throws: PipeError.cannotSend(connection: receiver.name)) { try receiver.send(1) }
        #expect(throws: PipeError.cannotReceive(connection: sender.name)) { try sender.recv(Int.self) }
        #expect(throws: PipeError.cannotReceive(connection: sender.name)) { try sender.poll() }
        try sender.send([1, 2, 3])
        #expect(try receiver.recv([Int].self) == [1, 2, 3])
        #expect(PipeError.cannotSend(connection: "p").description
            == "connection 'p' is the receiving end of a one-way pipe (Pipe(duplex: false)): it cannot send")
        #expect(PipeError.cannotReceive(connection: "p").description
            == "connection 'p' is the sending end of a one-way pipe (Pipe(duplex: false)): it cannot receive")
        #expect(receiver.description.hasSuffix("receive-only>"))
    }

    @Test func aThreadWaitingInRecvDoesNotHoldUpStartingAProcess() throws {
        let (first, second) = try Pipe()
        let received = try SharedValue(0)
        let waiter = Thread(name: "waiting-in-recv") { received.value = try first.recv(Int.self) }
        try waiter.start()
        Thread.sleep(for: .milliseconds(50))  // the waiter is now blocked in recv
        let clock = ContinuousClock()
        let start = clock.now
        let child = Multitasking.Process { try second.send(5) }
        try child.start()
        #expect(clock.now - start < .seconds(1))  // a fork that waited for the recv would take 5 s and fail
        try child.join()
        #expect(try waiter.join(timeout: .seconds(10)))
        #expect(received.value == 5)
    }

    @Test func pollWaitsAtMostItsTimeout() throws {
        let (first, second) = try Pipe()
        #expect(try !first.poll())
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try !first.poll(timeout: .milliseconds(50)))
        #expect(clock.now - start >= .milliseconds(45))
        try second.send("x")
        #expect(try first.poll(timeout: .seconds(5)))
    }

    @Test func closeAndTypeMismatchesAreClearErrors() throws {
        let (first, second) = try Pipe()
        try second.send("not a number")
        #expect(throws: PipeError.self) { try first.recv(Int.self) }
        first.close()
        first.close()
        #expect(first.isClosed)
        #expect(throws: PipeError.connectionClosed(connection: first.name)) { try first.recv(Int.self) }
        #expect(PipeError.connectionClosed(connection: "p").description == "connection 'p' was closed with close()")
        #expect(PipeError.truncated(connection: "p").description == "the other end of connection 'p' closed in the middle of a message")
        #expect(PipeError.decodingFailed(connection: "p", reason: "r").description == "cannot decode the value received on connection 'p': r")
        #expect(PipeError.systemError(connection: "p", operation: "send", errno: EBADF).description
            == "send on connection 'p' failed with errno \(EBADF) (Bad file descriptor)")
    }
}

@Suite(.hangGuard, forkSupported)
struct ProcessLockTests {
    @Test func theTicketSaleSellsTheLastTicketOnce() throws {
        let tickets = try SharedValue(1, name: "tickets")
        let sold = try SharedValue(0, name: "sold")
        let lock = ProcessLock(name: "ticket office")
        let buyers = (0..<10).map { buyer in
            Multitasking.Process(name: "user-\(buyer)") {
                lock.withLock {
                    let left = tickets.value
                    Thread.sleep(for: .milliseconds(2))  // the window in which an unlocked sale oversells
                    if left > 0 {
                        tickets.value = left - 1
                        sold.withLock { $0 += 1 }
                    }
                }
            }
        }
        for buyer in buyers { try buyer.start() }
        for buyer in buyers { try buyer.join() }
        #expect(sold.value == 1)
        #expect(tickets.value == 0)
    }

    @Test func aHolderKilledWithSIGKILLDoesNotWedgeTheLock() throws {
        let lock = ProcessLock(name: "robust")
        let holding = try SharedValue(false)
        let holder = Multitasking.Process(name: "holder") {
            lock.acquire()
            holding.value = true
            Thread.sleep(for: .seconds(30))
        }
        try holder.start()
        #expect(eventually { holding.value })
        #expect(lock.isLocked)
        #expect(lock.ownerProcessID == holder.pid)
        #expect(!lock.tryAcquire())
        try holder.kill()
        try holder.join()
        #expect(lock.acquire(timeout: .seconds(5)))
        #expect(lock.acquiredFromDeadOwner)
        try lock.release()
        lock.acquire()
        #expect(!lock.acquiredFromDeadOwner)  // a normal hand-over again
        try lock.release()
    }

    @Test func releaseMisuseIsAClearError() throws {
        let lock = ProcessLock(name: "strict")
        #expect(throws: SynchronizationError.releasedUnlocked(lock: "strict")) { try lock.release() }
        let holding = try SharedValue(false)
        let holder = Multitasking.Process {
            lock.acquire()
            holding.value = true
            Thread.sleep(for: .seconds(30))
        }
        try holder.start()
        #expect(eventually { holding.value })
        do {
            try lock.release()
            Issue.record("release by a non-owner succeeded")
        } catch {
            guard case .releasedByNonOwner(let name, let owner, let caller) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == "strict")
            #expect(owner.hasPrefix("process \(holder.pid!) thread "))
            #expect(caller.hasPrefix("process \(getpid()) thread "))
        }
        try holder.kill()
        try holder.join()
    }

    @Test func timedAndNonBlockingAcquireGiveUp() throws {
        let lock = ProcessLock(name: "busy")
        lock.acquire()
        #expect(lock.isHeldByCurrentThread)
        let result = try SharedValue<Int>(-1)
        let child = Multitasking.Process {
            let clock = ContinuousClock()
            let start = clock.now
            let tried = lock.tryAcquire()
            let timed = lock.acquire(timeout: .milliseconds(50))
            let waited = clock.now - start >= .milliseconds(45)
            result.value = (tried ? 1 : 0) + (timed ? 2 : 0) + (waited ? 4 : 0)
        }
        try child.start()
        try child.join()
        #expect(result.value == 4)
        try lock.release()
    }

    @Test func theReentrantFormCountsLevels() throws {
        let lock = ProcessRLock(name: "nested")
        lock.acquire()
        lock.acquire()
        #expect(lock.recursionCount == 2)
        try lock.release()
        #expect(lock.recursionCount == 1)
        let gotIt = try SharedValue(false)
        let child = Multitasking.Process { gotIt.value = lock.acquire(timeout: .milliseconds(50)) }
        try child.start()
        try child.join()
        #expect(!gotIt.value)
        try lock.release()
        #expect(lock.recursionCount == 0)
        #expect(!lock.isLocked)
        #expect(throws: SynchronizationError.releasedUnlocked(lock: "nested")) { try lock.release() }
    }
}

@Suite(.hangGuard, forkSupported)
struct SharedMemoryTests {
    @Test func tenChildrenDecrementASharedCounterUnderItsLock() throws {
        let counter = try SharedValue(100, name: "counter")
        let children = (0..<10).map { _ in
            Multitasking.Process {
                for _ in 0..<100 { counter.withLock { $0 -= 1 } }
            }
        }
        for child in children { try child.start() }
        for child in children { try child.join() }
        #expect(counter.value == 100 - 1_000)
    }

    @Test func sharedArraysAreSeenByEveryProcess() throws {
        let squares = try SharedArray(repeating: 0, count: 8, name: "squares")
        #expect(squares.count == 8)
        let children = (0..<8).map { index in Multitasking.Process { squares[index] = index * index } }
        for child in children { try child.start() }
        for child in children { try child.join() }
        #expect(squares.elements == [0, 1, 4, 9, 16, 25, 36, 49])
        let copy = try SharedArray([1.5, 2.5])
        #expect(copy.description == "SharedArray([1.5, 2.5])")
        copy.withLock { $0[0] += 1 }
        #expect(copy[0] == 2.5)
    }
}

@Suite(forkSupported) struct MessageCodingTests {
    struct Nested: Codable, Equatable {
        enum Kind: String, Codable { case a, b }
        var kind: Kind
        var matrix: [[Int8]]
        var maybe: [Int?]
        var map: [Int: String]
        var unsigned: UInt64
        var small: Float
    }

    @Test func nestedValuesRoundTripThroughAQueue() throws {
        let queue = try ProcessQueue<Nested>()
        let value = Nested(kind: .b, matrix: [[1, -2], [], [127]], maybe: [1, nil, 3], map: [1: "one", 2: "two"],
                           unsigned: .max, small: 0.25)
        try queue.put(value)
        #expect(try queue.get() == value)
    }

    @Test func aWrongTypeIsADecodingErrorNotAMisread() throws {
        let queue = try ProcessQueue<Int8>(name: "bytes")
        let wide = try ProcessQueue<Int>(name: "bytes")
        _ = wide
        let (first, second) = try Pipe()
        try second.send(1_000)
        #expect(throws: PipeError.self) { try first.recv(Int8.self) }
        try second.send(Order(id: 1, customer: "c", items: [:], note: nil, express: false, weight: 0, tags: []))
        do {
            _ = try first.recv(Nested.self)
            Issue.record("decoded an Order as a Nested")
        } catch {
            #expect("\(error)".hasPrefix("cannot decode the value received on connection '\(first.name)': "))
        }
        _ = queue
    }

    @Test func integersTakeTheirShortPathWithTheSameBytesAndChecks() throws {
        // Int messages are read without the Decoder's objects; they must mean what the general
        // path reads from the same bytes, and the general path must still catch the rest.
        let (first, second) = try Pipe()
        for value in [0, 1, -1, 42, Int.min, Int.max] {
            try second.send(value)
            #expect(try first.recv(Int.self) == value)
            try second.send(value)
            #expect(try first.recv(Int64.self) == Int64(value))  // the general path, same bytes
        }
        try second.send(Int32(-7))  // written by the general path, read by the short one
        #expect(try first.recv(Int.self) == -7)
        try second.send(UInt(7))  // another tag: the general path decides, and checks the range
        #expect(try first.recv(Int.self) == 7)
        try second.send(UInt.max)
        #expect(throws: PipeError.self) { try first.recv(Int.self) }
        try second.send("7")
        #expect(throws: PipeError.self) { try first.recv(Int.self) }
        try second.send([7])
        #expect(throws: PipeError.self) { try first.recv(Int.self) }
    }
}

/// Sends `value` until the pipe refuses it, for at most 10 s; returns normally (so a test that
/// expects `.closed` fails) when it never does.
///
/// Why not one send: the other tests of this process start children in parallel, and a child
/// forked while this test's pipe was open holds a copy of its ends until it ends (a fork copies
/// every descriptor). Until then the pipe is rightly not closed. Those children are short-lived;
/// ten seconds of 10 ms steps write at most 1,000 small frames, less than a pipe holds, so no
/// send blocks.
private func sendUntilRefused<T: Encodable>(_ value: T, on connection: Connection) throws(PipeError) {
    let deadline = ContinuousClock.now + .seconds(10)
    repeat {
        try connection.send(value)
        Thread.sleep(for: .milliseconds(10))
    } while ContinuousClock.now < deadline
}
