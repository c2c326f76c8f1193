import Multitasking

/// A number in an ordinary object. Every child process gets its own copy of it at `start()`.
public final class Tally: @unchecked Sendable {
    public var count: Int
    public init(_ count: Int) { self.count = count }
}

/// What `decrementCopies` observed.
public struct CopyReport: Equatable, Sendable {
    /// The parent's `Tally.count` after every child has ended.
    public var parentSees: Int
    /// What each child saw in its `Tally.count` right after its own decrement, sorted.
    public var childrenSaw: [Int]

    public init(parentSees: Int, childrenSaw: [Int]) {
        (self.parentSees, self.childrenSaw) = (parentSees, childrenSaw)
    }
}

/// Part 1, copies. Makes one `Tally(start)`, then starts `children` child processes; each one
/// subtracts 1 from the tally's `count` and sends back (through a `ProcessQueue`) the count it
/// sees afterwards. Joins them all and reports what the parent and the children saw.
public func decrementCopies(start: Int, children: Int) throws -> CopyReport {
    let tally = Tally(start)
    var pipes: [Connection] = []
    var workers: [Process] = []
    for _ in 0..<children {
        let (parentEnd, childEnd) = try Pipe(duplex: false)
        let worker = Process {
            tally.count -= 1
            try childEnd.send(tally.count)
        }
        try worker.start()
        childEnd.close()
        pipes.append(parentEnd)
        workers.append(worker)
    }
    var childrenSaw: [Int] = []
    for pipe in pipes {
        childrenSaw.append(try pipe.recv(Int.self))
        pipe.close()
    }
    for worker in workers { try worker.join() }
    return CopyReport(parentSees: tally.count, childrenSaw: childrenSaw.sorted())
}

/// Part 2, sharing. A box office with `tickets` tickets and `buyers` child processes, each
/// selling one ticket, all at the same time. Selling one ticket means: read the number of tickets
/// left, pass it to `checkout`, which returns the new number (it takes a while: it talks to the
/// payment service), and store that. Returns the number of tickets left once every buyer has
/// finished; with 100 tickets and 10 buyers that is 90.
///
/// The number must be seen and changed by every process: keep it in a `SharedValue`, and make
/// the read, the checkout and the store one step that no other buyer can interleave with.
public func sellTickets(_ tickets: Int, buyers: Int, checkout: @escaping @Sendable (Int) -> Int) throws -> Int {
    let left = try SharedValue(tickets, name: "tickets left")
    let counter = ProcessLock(name: "ticket counter")
    let sellers = (0..<buyers).map { index in
        Process(name: "buyer \(index)") {
            counter.withLock {
                left.withLock { $0 = checkout($0) }
            }
        }
    }
    for seller in sellers { try seller.start() }
    for seller in sellers { try seller.join() }
    return left.value
}
