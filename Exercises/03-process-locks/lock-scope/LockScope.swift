// Exercise lock-scope: Lock no more than you must (chapter Process locks).
// Read first: Exercises/03-process-locks/lesson.md, the section on lock-scope.
// Check it: swift run grade lock-scope    Stuck? swift run grade hint lock-scope

import CourseProvided
import Multitasking

/// One purchase (the previous exercise's answer): call it only while holding the sale's lock.
public func buyTicket(for user: String, at office: TicketOffice) throws -> Bool {
    let left = try office.readCount()
    guard left > 0 else { return false }
    try office.writeCount(left - 1)
    try office.handOutTicket(to: user)
    return true
}

/// The sale, with the lock held no longer than needed: one child process per buyer; each
/// queries the office *without* the lock (a query changes nothing, so buyers may query at the
/// same time), then buys while holding the sale's `ProcessLock`. Returns once every buyer has
/// been joined.
public func sellTickets(at office: TicketOffice, to buyers: [String]) throws {
    // TODO: make the lock, start one process per buyer (query, then buy under the lock),
    // and join them all.
}
