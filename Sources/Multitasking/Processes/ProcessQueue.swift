import CMultitasking
import Glibc

/// A first-in, first-out queue shared by a process and the children it starts afterwards, the
/// lesson's `multiprocessing.Queue`: any number of processes (and threads) put and get at once.
///
/// ```swift
/// let results = try ProcessQueue<Int>(name: "results")
/// let worker = Process { try results.put(10 + 20 + 30) }
/// try worker.start()
/// print(try results.get())   // 60
/// ```
///
/// Items are encoded into a ring buffer in shared memory (`MessageCoding` documents the format)
/// under a robust process lock, so a message is written and read whole: no torn or interleaved
/// messages, and a process killed in the middle of a `put` or `get` leaves the queue usable.
///
/// - `put` waits while the queue is full and `get` while it is empty; `put(_:timeout:)` and
///   `get(timeout:)` wait at most the timeout and then throw `ProcessQueueError.full` /
///   `.empty`; `putNowait` and `getNowait` never wait.
/// - Full means `maxsize` items (nil or 0: no limit), or no room left in the buffer of
///   `bufferBytes` (64 MiB by default, of which only the pages used take memory).
/// - Create the queue before starting the processes that use it: children find it in the
///   memory they copy from the parent.
public final class ProcessQueue<Element: Codable & Sendable>: CustomStringConvertible, @unchecked Sendable {
    /// The name used in errors.
    public let name: String
    /// The most items the queue holds; 0 means no limit but the buffer.
    public let maxsize: Int
    /// Bytes of the shared buffer holding encoded items.
    public let bufferBytes: Int
    private let mapping: SharedMapping
    private let ring: UnsafeMutablePointer<mt_queue>

    /// An empty queue holding at most `maxsize` items (nil or 0: no limit but the buffer).
    public init(
        maxsize: Int? = nil, bufferBytes: Int = 64 << 20, name: String? = nil,
        fileID: StaticString = #fileID, line: UInt = #line
    ) throws(ProcessError) {
        precondition(bufferBytes >= 64, "ProcessQueue: bufferBytes must be at least 64 (it is \(bufferBytes))")
        self.name = name ?? "ProcessQueue (\(fileID):\(line))"
        self.maxsize = max(0, maxsize ?? 0)
        self.bufferBytes = bufferBytes
        mapping = try SharedMapping(bytes: mt_queue_size(UInt64(bufferBytes)), what: "ProcessQueue '\(self.name)'")
        ring = mapping.base.bindMemory(to: mt_queue.self, capacity: 1)
        let result = mt_queue_init(ring, UInt64(bufferBytes), UInt64(self.maxsize))
        precondition(result == 0, "cannot initialise ProcessQueue '\(self.name)': errno \(result)")
    }

    // MARK: Putting

    /// Adds `item`, waiting while the queue is full.
    /// - Throws: `ProcessQueueError.messageTooLarge` or `.encodingFailed`.
    public func put(_ item: Element) throws(ProcessQueueError) {
        try insert(item, block: true, deadline: nil)
    }

    /// Adds `item`, waiting at most `timeout` while the queue is full.
    /// - Throws: `ProcessQueueError.full` if there was no room before the timeout.
    public func put(_ item: Element, timeout: Duration) throws(ProcessQueueError) {
        try insert(item, block: true, deadline: Deadline(after: timeout))
    }

    /// Adds `item` only if there is room right now.
    /// - Throws: `ProcessQueueError.full` when there is none.
    public func putNowait(_ item: Element) throws(ProcessQueueError) {
        try insert(item, block: false, deadline: nil)
    }

    // MARK: Getting

    /// Removes and returns the oldest item, waiting while the queue is empty.
    public func get() throws(ProcessQueueError) -> Element {
        try remove(block: true, deadline: nil)
    }

    /// Removes and returns the oldest item, waiting at most `timeout` while the queue is empty.
    /// - Throws: `ProcessQueueError.empty` if no item came before the timeout.
    public func get(timeout: Duration) throws(ProcessQueueError) -> Element {
        try remove(block: true, deadline: Deadline(after: timeout))
    }

    /// Removes and returns the oldest item only if there is one right now.
    /// - Throws: `ProcessQueueError.empty` when there is none.
    public func getNowait() throws(ProcessQueueError) -> Element {
        try remove(block: false, deadline: nil)
    }

    // MARK: State

    /// The number of items in the queue (`qsize()`; a snapshot that other processes may change).
    public var count: Int { Int(mt_queue_count(ring)) }
    /// Whether the queue has no item (a snapshot).
    public var isEmpty: Bool { count == 0 }
    /// Whether the queue holds `maxsize` items (a snapshot; false without a maxsize).
    public var isFull: Bool { maxsize > 0 && count >= maxsize }

    public var description: String { "<ProcessQueue '\(name)' count=\(count)\(maxsize > 0 ? " maxsize=\(maxsize)" : "")>" }

    // MARK: Internals

    private func insert(_ item: Element, block: Bool, deadline: Deadline?) throws(ProcessQueueError) {
        let bytes: [UInt8]
        do {
            bytes = try MessageCoding.encode(item)
        } catch {
            throw .encodingFailed(queue: name, reason: "\(error)")
        }
        guard bytes.count + 4 <= bufferBytes, bytes.count <= Int(UInt32.max) else {
            throw .messageTooLarge(queue: name, bytes: bytes.count, bufferBytes: bufferBytes)
        }
        Diagnostics.perturb()
        let result = bytes.withUnsafeBytes { buffer in
            Deadline.with(deadline) { mt_queue_put(ring, buffer.baseAddress, UInt32(buffer.count), block, $0) }
        }
        switch result {
        case 0: return
        case EMSGSIZE: throw .messageTooLarge(queue: name, bytes: bytes.count, bufferBytes: bufferBytes)
        default: throw .full(queue: name, maxsize: maxsize)
        }
    }

    private func remove(block: Bool, deadline: Deadline?) throws(ProcessQueueError) -> Element {
        Diagnostics.perturb()
        var bytes: UnsafeMutablePointer<UInt8>?
        var length: UInt32 = 0
        let result = Deadline.with(deadline) { mt_queue_get(ring, block, $0, &bytes, &length) }
        guard result == 0, let bytes else {
            if result == ENOMEM { fatalError("ProcessQueue '\(name)': out of memory for a message of \(length) bytes") }
            throw .empty(queue: name)
        }
        defer { free(bytes) }
        do {
            return try MessageCoding.decode(Element.self, from: UnsafeRawBufferPointer(start: bytes, count: Int(length)))
        } catch {
            throw .decodingFailed(queue: name, reason: "\(error)")
        }
    }
}

/// Why a `ProcessQueue` operation could not be done (the lesson's `queue.Full` and `queue.Empty`).
public enum ProcessQueueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A non-blocking `put`, or a `put` whose timeout passed, found the queue full.
    case full(queue: String, maxsize: Int)
    /// A non-blocking `get`, or a `get` whose timeout passed, found the queue empty.
    case empty(queue: String)
    /// The encoded item is larger than the queue's whole buffer.
    case messageTooLarge(queue: String, bytes: Int, bufferBytes: Int)
    /// The item's `encode(to:)` threw.
    case encodingFailed(queue: String, reason: String)
    /// The bytes did not decode as the queue's element type.
    case decodingFailed(queue: String, reason: String)

    public var description: String {
        switch self {
        case .full(let queue, let maxsize):
            return maxsize > 0
                ? "process queue '\(queue)' is full (maxsize \(maxsize)): put() could not add the item"
                : "process queue '\(queue)' is full (its buffer has no room left): put() could not add the item"
        case .empty(let queue):
            return "process queue '\(queue)' is empty: get() found no item"
        case .messageTooLarge(let queue, let bytes, let bufferBytes):
            return "cannot put an item of \(bytes) bytes into process queue '\(queue)': its buffer holds \(bufferBytes) bytes"
        case .encodingFailed(let queue, let reason):
            return "cannot encode an item for process queue '\(queue)': \(reason)"
        case .decodingFailed(let queue, let reason):
            return "cannot decode an item from process queue '\(queue)': \(reason)"
        }
    }
}
