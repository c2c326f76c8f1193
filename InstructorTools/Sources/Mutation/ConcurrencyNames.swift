import SwiftSyntax

/// Whether a file uses threads, processes or their synchronisation: then it is not one of the
/// deterministic exercises the classic operators are for (their mutants of a lock's loop bounds
/// would mostly measure the suites' arithmetic, not their concurrency).
enum ConcurrencyNames {
    static let names: Set<String> = [
        "Thread", "Process", "ProcessPool", "ThreadPool", "Lock", "RLock", "ProcessLock", "withLock",
        "Semaphore", "BoundedSemaphore", "Condition", "Event", "Barrier", "Queue", "LifoQueue",
        "PriorityQueue", "ProcessQueue", "BlockingQueue", "Pipe", "SharedMemory", "Atomic", "Mutex", "join",
    ]

    static func used(in tree: some SyntaxProtocol) -> Bool {
        tree.tokens(viewMode: .sourceAccurate).contains { token in
            if case .identifier(let name) = token.tokenKind { return names.contains(name) }
            return false
        }
    }
}
