import CMultitasking
import Glibc

/// One value in shared memory, the lesson's `multiprocessing.Value`: the parent and every child
/// started after it was made see the same value (unlike ordinary variables, which each child
/// copies). It has its own `ProcessLock`.
///
/// Each read or write of `value` takes the lock, but `value -= 1` is a read and then a write:
/// two children can both read 10 and both write 9. Use `withLock` for read-modify-write:
///
/// ```swift
/// let counter = SharedValue(100)
/// // in 10 children:
/// counter.withLock { $0 -= 1 }
/// ```
///
/// `T` must be `BitwiseCopyable` (numbers, `Bool`, tuples and structs of them): a `String` or
/// array refers to memory outside the shared region, which a child cannot see.
public final class SharedValue<T: BitwiseCopyable>: @unchecked Sendable {
    /// The lock guarding the value; take it for several operations that must go together.
    public let lock: ProcessLock
    private let mapping: SharedMapping
    private let storage: UnsafeMutablePointer<T>

    /// A shared value starting as `initial`.
    public init(_ initial: T, name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) throws(ProcessError) {
        let label = name ?? "SharedValue (\(fileID):\(line))"
        mapping = try SharedMapping(bytes: MemoryLayout<T>.stride, what: "SharedValue '\(label)'")
        storage = mapping.base.bindMemory(to: T.self, capacity: 1)
        storage.initialize(to: initial)
        lock = ProcessLock(name: label)
    }

    /// The value, read or written under the lock.
    public var value: T {
        get { lock.withLock { storage.pointee } }
        set { lock.withLock { storage.pointee = newValue } }
    }

    /// Runs `body` on the value while holding the lock: the way to read-modify-write.
    public func withLock<R, E: Error>(_ body: (inout T) throws(E) -> R) throws(E) -> R {
        lock.acquire()
        defer { lock.releaseAfterScope() }
        return try body(&storage.pointee)
    }
}

/// A fixed-size array in shared memory, the lesson's `multiprocessing.Array`, with its own
/// `ProcessLock`. Elements are `BitwiseCopyable` for the reason `SharedValue` gives.
public final class SharedArray<T: BitwiseCopyable>: @unchecked Sendable, CustomStringConvertible {
    /// The lock guarding the elements.
    public let lock: ProcessLock
    /// The number of elements (fixed).
    public let count: Int
    private let mapping: SharedMapping
    private let storage: UnsafeMutablePointer<T>

    /// A shared array holding `elements`.
    public convenience init(_ elements: [T], name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) throws(ProcessError) {
        try self.init(count: elements.count, name: name, fileID: fileID, line: line) { elements[$0] }
    }

    /// A shared array of `count` copies of `value`.
    public convenience init(repeating value: T, count: Int, name: String? = nil, fileID: StaticString = #fileID, line: UInt = #line) throws(ProcessError) {
        try self.init(count: count, name: name, fileID: fileID, line: line) { _ in value }
    }

    private init(count: Int, name: String?, fileID: StaticString, line: UInt, element: (Int) -> T) throws(ProcessError) {
        precondition(count >= 0, "SharedArray: count must not be negative (it is \(count))")
        let label = name ?? "SharedArray (\(fileID):\(line))"
        self.count = count
        mapping = try SharedMapping(bytes: MemoryLayout<T>.stride * count, what: "SharedArray '\(label)'")
        storage = mapping.base.bindMemory(to: T.self, capacity: count)
        for index in 0..<count { (storage + index).initialize(to: element(index)) }
        lock = ProcessLock(name: label)
    }

    /// The element at `index`, read or written under the lock. Traps when out of range.
    public subscript(index: Int) -> T {
        get {
            precondition(index >= 0 && index < count, "SharedArray index \(index) out of range 0..<\(count)")
            return lock.withLock { storage[index] }
        }
        set {
            precondition(index >= 0 && index < count, "SharedArray index \(index) out of range 0..<\(count)")
            lock.withLock { storage[index] = newValue }
        }
    }

    /// Runs `body` on all the elements while holding the lock.
    public func withLock<R, E: Error>(_ body: (UnsafeMutableBufferPointer<T>) throws(E) -> R) throws(E) -> R {
        lock.acquire()
        defer { lock.releaseAfterScope() }
        return try body(UnsafeMutableBufferPointer(start: storage, count: count))
    }

    /// A copy of the elements, taken under the lock.
    public var elements: [T] { withLock { Array($0) } }

    public var description: String { "SharedArray(\(elements))" }
}
