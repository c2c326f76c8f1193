/// Why a queue operation could not be done, the lesson's `queue.Full` and `queue.Empty` (and the
/// `ValueError` of a surplus `task_done()`). Each case names the queue, so a report says which one.
public enum QueueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A non-blocking `put`, or a `put` whose timeout passed, found the queue full.
    case full(queue: String, maxsize: Int)
    /// A non-blocking `get`, or a `get` whose timeout passed, found the queue empty.
    case empty(queue: String)
    /// `taskDone()` called more often than items were put: some item was marked done twice.
    case taskDoneTooManyTimes(queue: String)

    public var description: String {
        switch self {
        case .full(let queue, let maxsize):
            return "queue '\(queue)' is full (maxsize \(maxsize)): put() could not add the item"
        case .empty(let queue):
            return "queue '\(queue)' is empty: get() found no item"
        case .taskDoneTooManyTimes(let queue):
            return "taskDone() called too many times on queue '\(queue)': more often than items were put"
        }
    }
}
