import CMultitasking
import Glibc
import Synchronization

/// A pipe between processes, the lesson's `multiprocessing.Pipe()`: two connected ends. What
/// one end sends, the other receives, in order.
///
/// ```swift
/// let (parentEnd, childEnd) = try Pipe()
/// let child = Process { try childEnd.send(10 + 20 + 30) }
/// try child.start()
/// let result: Int = try parentEnd.recv()   // 60
/// ```
///
/// Values are any `Codable` type (encoded as `MessageCoding` describes); the receiver says which
/// type it expects. With `duplex: false` the first end can only receive and the second only
/// send, like Python's. A pipe has no lock: when several processes use the same end at once,
/// use a `ProcessQueue` instead. When every copy of the other end is closed (its processes ended
/// or called `close()`), `recv` throws `PipeError.closed` instead of waiting for ever.
///
/// - Returns: the two ends, `(first, second)`.
public func Pipe(duplex: Bool = true) throws(PipeError) -> (Connection, Connection) {
    // Kernel pipes, one per direction, rather than the Unix socket pair Python uses: on Linux a
    // pipe round trip between two processes takes about half as long (the benchmark's table
    // shows both), and writes of up to PIPE_BUF bytes are atomic.
    let number = Connection.pipeCounter.add(1, ordering: .relaxed).newValue
    let toSecond = try kernelPipe()
    guard duplex else {
        return (
            Connection(readFD: toSecond.read, writeFD: -1, name: "Pipe-\(number).first"),
            Connection(readFD: -1, writeFD: toSecond.write, name: "Pipe-\(number).second")
        )
    }
    let toFirst: (read: Int32, write: Int32)
    do {
        toFirst = try kernelPipe()
    } catch {
        _ = (close(toSecond.read), close(toSecond.write))
        throw error
    }
    return (
        Connection(readFD: toFirst.read, writeFD: toSecond.write, name: "Pipe-\(number).first"),
        Connection(readFD: toSecond.read, writeFD: toFirst.write, name: "Pipe-\(number).second")
    )
}

private func kernelPipe() throws(PipeError) -> (read: Int32, write: Int32) {
    var descriptors: [Int32] = [-1, -1]
    let result = mt_pipe_cloexec(&descriptors)
    guard result == 0 else { throw .systemError(connection: "Pipe()", operation: "pipe", errno: result) }
    return (descriptors[0], descriptors[1])
}

/// One end of a `Pipe`.
public final class Connection: CustomStringConvertible, @unchecked Sendable {
    /// The end's name in errors ("Pipe-1.first").
    public let name: String
    /// Whether this end may send, and receive (both, unless the pipe is one-way).
    public let canSend: Bool
    public let canReceive: Bool
    /// The kernel pipes' ends this connection reads from and writes to; -1 for a direction it
    /// does not have, and both -1 after `close()`.
    private let descriptors = Protected<(read: Int32, write: Int32)>((-1, -1))
    private let readLock = Lock(name: "Connection.recv")
    /// Guarded by `readLock`.
    private var buffer = ReadBuffer()

    static let pipeCounter = Atomic<Int>(0)

    init(readFD: Int32, writeFD: Int32, name: String) {
        (self.name, canSend, canReceive) = (name, writeFD >= 0, readFD >= 0)
        descriptors.withLock { $0 = (readFD, writeFD) }
    }

    deinit { close() }

    /// Sends `value` to the other end.
    ///
    /// The first `send` in a thread blocks SIGPIPE in that thread, so that writing to a pipe
    /// nobody reads any more throws `.closed` instead of ending the program (Python ignores
    /// SIGPIPE in every program for the same reason).
    /// - Throws: `PipeError.closed` when the other end is closed, `.cannotSend` on the receiving
    ///   end of a one-way pipe, `.encodingFailed`.
    public func send<T: Encodable>(_ value: T) throws(PipeError) {
        guard canSend else { throw .cannotSend(connection: name) }
        let frame: [UInt8]
        do {
            frame = try MessageCoding.encodeFramed(value)
        } catch {
            throw .encodingFailed(connection: name, reason: "\(error)")
        }
        let fd = try openDescriptor(forReading: false)
        let result = frame.withUnsafeBytes { mt_write_all_no_sigpipe(fd, $0.baseAddress, $0.count) }
        switch result {
        case 0: return
        case EPIPE: throw .closed(connection: name)
        default: throw .systemError(connection: name, operation: "send", errno: result)
        }
    }

    /// Receives the next value, waiting until one arrives.
    /// - Throws: `PipeError.closed` when the other end is closed and nothing is left to read,
    ///   `.cannotReceive` on the sending end of a one-way pipe, `.decodingFailed` when the value
    ///   is not a `T`.
    public func recv<T: Decodable>(_ type: T.Type = T.self) throws(PipeError) -> T {
        guard canReceive else { throw .cannotReceive(connection: name) }
        let fd = try openDescriptor(forReading: true)
        // One system call usually brings a whole message (often several): they are taken from
        // this buffer, which only one receiving thread at a time may use. Its lock is a `Lock`,
        // not a `Protected`: it is held while recv blocks, and a fork must not wait for that.
        readLock.acquire()
        defer { readLock.releaseAfterScope() }
        try fill(&buffer, to: 4, from: fd, atStart: true)
        let length = buffer.bytes.withUnsafeBytes {
            Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: buffer.start, as: UInt32.self)))
        }
        try fill(&buffer, to: 4 + length, from: fd, atStart: false)
        let start = buffer.start + 4
        buffer.start += 4 + length
        do {
            return try buffer.bytes.withUnsafeBytes { bytes in
                try MessageCoding.decode(T.self, from: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]))
            }
        } catch {
            throw .decodingFailed(connection: name, reason: "\(error)")
        }
    }

    /// Reads until `buffer` holds `count` unread bytes.
    private func fill(_ buffer: inout ReadBuffer, to count: Int, from fd: Int32, atStart: Bool) throws(PipeError) {
        if buffer.end - buffer.start >= count { return }
        if buffer.start > 0 {
            buffer.bytes.withUnsafeMutableBytes { bytes in
                bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + buffer.start, byteCount: buffer.end - buffer.start)
            }
            (buffer.end, buffer.start) = (buffer.end - buffer.start, 0)
        }
        if buffer.bytes.count < count { buffer.bytes += [UInt8](repeating: 0, count: count - buffer.bytes.count) }
        while buffer.end < count {
            let got = buffer.bytes.withUnsafeMutableBytes { mt_read_some(fd, $0.baseAddress! + buffer.end, $0.count - buffer.end) }
            if got == 0 {
                if atStart && buffer.end == 0 { throw .closed(connection: name) }
                throw .truncated(connection: name)
            }
            if got < 0 {
                throw .systemError(connection: name, operation: "recv", errno: Int32(-got))
            }
            buffer.end += got
        }
    }

    /// Whether a value (or the end of the stream) can be received without waiting, waiting at
    /// most `timeout` for one.
    public func poll(timeout: Duration = .zero) throws(PipeError) -> Bool {
        guard canReceive else { throw .cannotReceive(connection: name) }
        let fd = try openDescriptor(forReading: true)
        let ready = mt_wait_readable(fd, Deadline(after: timeout).nanoseconds)
        if ready < 0 { throw .systemError(connection: name, operation: "poll", errno: errno) }
        return ready == 1
    }

    /// Closes this end in this process. The other end sees the end of the stream once every
    /// process that has a copy of this end closed it or ended. Closing twice does nothing.
    public func close() {
        let (read, write) = descriptors.withLock { descriptors in
            defer { descriptors = (-1, -1) }
            return descriptors
        }
        if read >= 0 { _ = Glibc.close(read) }
        if write >= 0 { _ = Glibc.close(write) }
    }

    /// Whether `close()` was called on this end in this process.
    public var isClosed: Bool { descriptors.withLock { $0.read < 0 && $0.write < 0 } }

    public var description: String {
        "<Connection '\(name)'\(canSend && canReceive ? "" : canSend ? " send-only" : " receive-only")\(isClosed ? " closed" : "")>"
    }

    private func openDescriptor(forReading: Bool) throws(PipeError) -> Int32 {
        let fd = descriptors.withLock { forReading ? $0.read : $0.write }
        guard fd >= 0 else { throw .connectionClosed(connection: name) }
        return fd
    }

}

struct ReadBuffer {
    var bytes = [UInt8](repeating: 0, count: 4096)
    var start = 0
    var end = 0
}

/// Why a `Connection` operation failed.
public enum PipeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The other end was closed (every process holding it closed it or ended): end of stream.
    case closed(connection: String)
    /// The other end closed in the middle of a message.
    case truncated(connection: String)
    /// `close()` was called on this end.
    case connectionClosed(connection: String)
    /// `send` on the receiving end of a one-way pipe.
    case cannotSend(connection: String)
    /// `recv` or `poll` on the sending end of a one-way pipe.
    case cannotReceive(connection: String)
    case encodingFailed(connection: String, reason: String)
    case decodingFailed(connection: String, reason: String)
    case systemError(connection: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .closed(let connection):
            return "the other end of connection '\(connection)' is closed: nothing more can be sent or received"
        case .truncated(let connection):
            return "the other end of connection '\(connection)' closed in the middle of a message"
        case .connectionClosed(let connection):
            return "connection '\(connection)' was closed with close()"
        case .cannotSend(let connection):
            return "connection '\(connection)' is the receiving end of a one-way pipe (Pipe(duplex: false)): it cannot send"
        case .cannotReceive(let connection):
            return "connection '\(connection)' is the sending end of a one-way pipe (Pipe(duplex: false)): it cannot receive"
        case .encodingFailed(let connection, let reason):
            return "cannot encode a value to send on connection '\(connection)': \(reason)"
        case .decodingFailed(let connection, let reason):
            return "cannot decode the value received on connection '\(connection)': \(reason)"
        case .systemError(let connection, let operation, let errno):
            return "\(operation) on connection '\(connection)' failed with errno \(errno) (\(errnoName(errno)))"
        }
    }
}
