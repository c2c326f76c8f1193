import Glibc
import Multitasking

// The ticket office of the lesson (chapter 3), provided by the course: the exercises that sell
// tickets `import CourseProvided` and use it as it is. It is a JSON file on disk holding how
// many tickets are left ({"count": 1}), and a receipts file listing who got one. Reading and
// writing the count are slow on purpose, like a database across a network: that is what gives
// other processes time to step in between your read and your write.

/// The ticket office's files in a folder of their own under /tmp.
///
/// A `TicketOffice` made before `start()` is copied into every child with the rest of memory,
/// and every copy works on the same files: the files, not the object, are what is shared.
public final class TicketOffice: Sendable {
    /// The folder holding `tickets.json` and `receipts.txt`.
    public let folder: String
    /// How many tickets the sale started with.
    public let totalTickets: Int
    let queryDelay: Duration
    let accessDelay: Duration

    /// A new office selling `tickets` tickets. `queryDelay` is how long `query(for:)` takes,
    /// `accessDelay` how long each `readCount()` and `writeCount(_:)` takes.
    /// With `crashesFirstSeller`, the first process that hands a ticket out is killed (SIGKILL)
    /// in the middle of doing so: after it wrote the new count, before the receipt.
    public init(
        tickets: Int, queryDelay: Duration = .milliseconds(10), accessDelay: Duration = .milliseconds(40),
        crashesFirstSeller: Bool = false
    ) throws(TicketOfficeError) {
        var template = Array("/tmp/ticket-office-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw .io(operation: "mkdtemp", path: "/tmp", errno: errno) }
        folder = String(cString: made)
        totalTickets = tickets
        (self.queryDelay, self.accessDelay) = (queryDelay, accessDelay)
        try store(tickets)
        try append("", to: receiptsPath)
        try append("", to: queriesPath)
        if crashesFirstSeller { try append("the first seller dies\n", to: crashPath) }
    }

    // MARK: What buyers do

    /// Looks up how many tickets are left, slowly (`queryDelay`), without changing anything.
    /// Every query is written down, so a test can tell that each buyer asked.
    public func query(for user: String) throws(TicketOfficeError) -> Int {
        Diagnostics.perturbationPoint()
        Thread.sleep(for: queryDelay)
        let count = try load()
        try append(user + "\n", to: queriesPath)
        Diagnostics.perturbationPoint()
        return count
    }

    /// Reads how many tickets are left (takes `accessDelay`).
    public func readCount() throws(TicketOfficeError) -> Int {
        Diagnostics.perturbationPoint()
        Thread.sleep(for: accessDelay)
        let count = try load()
        Diagnostics.perturbationPoint()
        return count
    }

    /// Writes how many tickets are left (takes `accessDelay`).
    public func writeCount(_ count: Int) throws(TicketOfficeError) {
        Diagnostics.perturbationPoint()
        Thread.sleep(for: accessDelay)
        try store(count)
        Diagnostics.perturbationPoint()
    }

    /// Gives `user` a ticket: writes their receipt. Call it after writing the new count.
    public func handOutTicket(to user: String) throws(TicketOfficeError) {
        Diagnostics.perturbationPoint()
        if unlink(crashPath) == 0 {
            // The simulated crash of the office's "crash the first seller" mode.
            Glibc.kill(getpid(), SIGKILL)
        }
        try append(user + "\n", to: receiptsPath)
        Diagnostics.perturbationPoint()
    }

    /// Repairs the count after a seller died half way: sets it to the tickets the sale started
    /// with minus the receipts written. Call it while holding the lock.
    public func recount() throws(TicketOfficeError) {
        try store(totalTickets - (try lines(of: receiptsPath)).count)
    }

    // MARK: What tests look at (no delays)

    /// The buyers who got a ticket, in the order they got it.
    public var receipts: [String] { (try? lines(of: receiptsPath)) ?? [] }
    /// The buyers who queried, in order.
    public var queries: [String] { (try? lines(of: queriesPath)) ?? [] }
    /// The count in the file right now (-1 if it cannot be read).
    public var remainingTickets: Int { (try? load()) ?? -1 }

    /// Deletes the office's files and folder.
    public func remove() {
        for path in [countPath, receiptsPath, queriesPath, crashPath] { unlink(path) }
        rmdir(folder)
    }

    // MARK: Files

    var countPath: String { folder + "/tickets.json" }
    var receiptsPath: String { folder + "/receipts.txt" }
    var queriesPath: String { folder + "/queries.txt" }
    var crashPath: String { folder + "/crash-first-seller" }

    /// Writes {"count": N} to a new file and renames it over the old one, so that a reader
    /// sees the old content or the new, never half a file.
    private func store(_ count: Int) throws(TicketOfficeError) {
        let temporary = countPath + ".\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(operation: "open", path: temporary, errno: errno) }
        let text = "{\"count\": \(count)}\n"
        let written = text.utf8CString.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count - 1) }
        let writeError = errno
        close(descriptor)
        guard written == text.utf8.count else { throw .io(operation: "write", path: temporary, errno: writeError) }
        guard rename(temporary, countPath) == 0 else { throw .io(operation: "rename", path: countPath, errno: errno) }
    }

    private func load() throws(TicketOfficeError) -> Int {
        let text = try contents(of: countPath)
        // The file is {"count": N}: the number after the colon.
        guard let colon = text.firstIndex(of: ":"),
              let count = Int(text[text.index(after: colon)...].filter { $0 == "-" || $0.isNumber })
        else { throw .corrupt(path: countPath, text: text) }
        return count
    }

    /// Appends with one write(2) to a file opened with O_APPEND: lines from several processes
    /// never mix.
    private func append(_ text: String, to path: String) throws(TicketOfficeError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        if text.isEmpty { return }
        let written = text.utf8CString.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count - 1) }
        guard written == text.utf8.count else { throw .io(operation: "write", path: path, errno: errno) }
    }

    private func lines(of path: String) throws(TicketOfficeError) -> [String] {
        try contents(of: path).split(separator: "\n").map(String.init)
    }

    private func contents(of path: String) throws(TicketOfficeError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 { throw .io(operation: "read", path: path, errno: errno) }
            if got == 0 { break }
            bytes += buffer[0..<got]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Why the ticket office's files could not be used.
public enum TicketOfficeError: Error, CustomStringConvertible {
    case io(operation: String, path: String, errno: Int32)
    case corrupt(path: String, text: String)

    public var description: String {
        switch self {
        case .io(let operation, let path, let errno):
            return "\(operation) of '\(path)' failed: \(String(cString: strerror(errno)))"
        case .corrupt(let path, let text):
            return "'\(path)' does not hold {\"count\": N} but \(text.debugDescription)"
        }
    }
}
