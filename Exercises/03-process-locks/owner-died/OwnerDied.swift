// Exercise owner-died: A buyer dies holding the lock (chapter Process locks).
// Read first: Exercises/03-process-locks/lesson.md, the section on owner-died.
// Check it: swift run grade owner-died    Stuck? swift run grade hint owner-died

import CourseProvided
import Multitasking

/// One purchase (the first exercise's answer): call it only while holding the sale's lock.
public func buyTicket(for user: String, at office: TicketOffice) throws -> Bool {
    let left = try office.readCount()
    guard left > 0 else { return false }
    try office.writeCount(left - 1)
    try office.handOutTicket(to: user)
    return true
}

/// The sale, when a buyer's process may die in the middle of its purchase, holding the lock.
///
/// One child process per buyer, named after the buyer, all started before any is joined: it
/// queries without the lock, then
/// buys while holding the sale's `ProcessLock`. A buyer that gets the lock from a holder that
/// died (`acquiredFromDeadOwner`) first repairs the count with `office.recount()`, because the
/// dead buyer may have written the new count without handing its ticket out.
///
/// Returns the names of the buyers whose process did not end normally (exit code other than
/// 0), sorted, once every buyer has been joined.
public func runSale(at office: TicketOffice, to buyers: [String]) throws -> [String] {
    // TODO: the sale of the previous exercise, plus:
    // - inside the lock, before buying: if lock.acquiredFromDeadOwner, call office.recount();
    // - after joining every buyer, return the names of those whose exitCode is not 0.
    return []
}
