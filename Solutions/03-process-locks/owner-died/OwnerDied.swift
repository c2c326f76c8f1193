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
    let lock = ProcessLock(name: "ticket office")
    let processes = buyers.map { user in
        Process(name: user) {
            _ = try office.query(for: user)
            try lock.withLock {
                if lock.acquiredFromDeadOwner {
                    try office.recount()
                }
                _ = try buyTicket(for: user, at: office)
            }
        }
    }
    for process in processes { try process.start() }
    // join() returns for a killed child too: waiting for the processes themselves, not for a
    // message each one sends at its end, is what a dead buyer cannot stop.
    for process in processes { try process.join() }
    return processes.filter { $0.exitCode != 0 }.map(\.name).sorted()
}
