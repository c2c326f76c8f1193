import Multitasking

/// PROVIDED: what the child computes for one order, the sum of its prices. It takes a few
/// milliseconds, like real work.
public func orderTotal(_ order: [Int]) -> Int {
    Thread.sleep(for: .milliseconds(3))
    return order.reduce(0, +)
}

/// Starts one child process that computes `orderTotal` of every order, in order, and puts each
/// total into `results` as soon as it has it. The parent takes the totals out of `results`
/// (one per order), then joins the child, and returns the totals in order.
///
/// `results` may be bounded (`results.maxsize`): the child's `put` then waits while the queue
/// is full, until the parent takes an item out.
public func totalsFromChild(_ orders: [[Int]], through results: ProcessQueue<Int>) throws -> [Int] {
    let child = Process(name: "accountant") {
        for order in orders {
            try results.put(orderTotal(order))
        }
    }
    try child.start()
    // Take every result first: a child waiting in put() for room cannot end, so joining it
    // before its results are taken out of a bounded queue would wait for ever.
    let totals = try orders.map { _ in try results.get() }
    try child.join()
    return totals
}
