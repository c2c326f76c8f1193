import Multitasking

/// Test-side shared state, guarded by the runtime's `Lock`.
///
/// Not `Synchronization.Mutex`: on Linux ThreadSanitizer cannot see its lock operations (they
/// are inside the uninstrumented standard library), so the sanitizer run of these tests would
/// report false races in the tests themselves.
final class Locked<Value>: @unchecked Sendable {
    private let lock = Lock(name: "test state")
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try lock.withLock { try body(&value) }
    }
}
