import Foundation
import Synchronization

/// Work started on a thread of its own and waited for later, so two builds that do not depend
/// on each other overlap: the ThreadSanitizer build runs while the plain build does.
///
/// Why a thread and a semaphore, not a task: the grader is synchronous from top to bottom
/// (child processes, blocking reads), and this is the one place where two things overlap.
final class BackgroundJob<Value: Sendable>: Sendable {
    private let outcome = Mutex<Result<Value, GradingError>?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws(GradingError) -> Value) {
        Thread.detachNewThread { [self] in
            let result: Result<Value, GradingError>
            do throws(GradingError) { result = .success(try work()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            finished.signal()
        }
    }

    /// Blocks until the work has ended; what it returned or threw.
    func result() -> Result<Value, GradingError> {
        finished.wait()
        finished.signal()  // so that a second call does not block
        return outcome.withLock { $0! }
    }
}
