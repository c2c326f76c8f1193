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
    let lock = ProcessLock(name: "ticket office")
    let processes = buyers.map { user in
        Process(name: user) {
            _ = try office.query(for: user)  // reads only: no lock
            do {
                lock.acquire()
                defer { try? lock.release() }
                _ = try buyTicket(for: user, at: office)
            }
        }
    }
    for process in processes { try process.start() }
    for process in processes { try process.join() }
}
