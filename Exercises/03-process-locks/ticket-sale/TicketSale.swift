// Exercise ticket-sale: The train-ticket sale (chapter Process locks).
// Read first: Exercises/03-process-locks/lesson.md, the section on ticket-sale.
// Check it: swift run grade ticket-sale    Stuck? swift run grade hint ticket-sale

import CourseProvided
import Multitasking

/// One purchase: reads how many tickets are left and, if there is one, writes the count minus
/// one and hands the ticket out to `user`. Returns whether `user` got a ticket.
///
/// This is a read-modify-write of a file that other processes change too: call it only while
/// holding the sale's `ProcessLock`.
public func buyTicket(for user: String, at office: TicketOffice) throws -> Bool {
    // TODO: read the count with `office.readCount()`; if it is above zero, write the count
    // minus one with `office.writeCount(_:)`, hand the ticket out with
    // `office.handOutTicket(to:)` and return true. Otherwise return false.
    return false
}

/// The sale: one child process per buyer, named after the buyer, all started before any is
/// joined, so that they buy at the same time. Each buyer first queries the
/// office (`office.query(for:)`), then buys with `buyTicket(for:at:)` while holding a
/// `ProcessLock` shared by all buyers. Returns once every buyer has been joined.
public func sellTickets(at office: TicketOffice, to buyers: [String]) throws {
    // TODO: make one ProcessLock here, before any child starts.
    let processes = buyers.map { user in
        Process(name: user) {
            _ = try office.query(for: user)
            // TODO: buy while holding the lock.
            _ = try buyTicket(for: user, at: office)
        }
    }
    for process in processes { try process.start() }
    for process in processes { try process.join() }
}
