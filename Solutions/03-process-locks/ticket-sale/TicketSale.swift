import CourseProvided
import Multitasking

/// One purchase: reads how many tickets are left and, if there is one, writes the count minus
/// one and hands the ticket out to `user`. Returns whether `user` got a ticket.
///
/// This is a read-modify-write of a file that other processes change too: call it only while
/// holding the sale's `ProcessLock`.
public func buyTicket(for user: String, at office: TicketOffice) throws -> Bool {
    let left = try office.readCount()
    guard left > 0 else { return false }
    try office.writeCount(left - 1)
    try office.handOutTicket(to: user)
    return true
}

/// The sale: one child process per buyer, named after the buyer, all started before any is
/// joined, so that they buy at the same time. Each buyer first queries the
/// office (`office.query(for:)`), then buys with `buyTicket(for:at:)` while holding a
/// `ProcessLock` shared by all buyers. Returns once every buyer has been joined.
public func sellTickets(at office: TicketOffice, to buyers: [String]) throws {
    // One lock, made before the children start, so that every child uses the same one.
    let lock = ProcessLock(name: "ticket office")
    let processes = buyers.map { user in
        Process(name: user) {
            _ = try office.query(for: user)
            try lock.withLock {
                _ = try buyTicket(for: user, at: office)
            }
        }
    }
    for process in processes { try process.start() }
    for process in processes { try process.join() }
}
