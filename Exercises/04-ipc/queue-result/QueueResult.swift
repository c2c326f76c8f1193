// Exercise queue-result: A result through a queue (chapter Inter-process communication).
// Read first: Exercises/04-ipc/lesson.md, the section on queue-result.
// Check it: swift run grade queue-result    Stuck? swift run grade hint queue-result

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
    // TODO: start a child that puts orderTotal(order) for each order into `results`;
    // in the parent, get one total per order, then join the child.
    return []
}
