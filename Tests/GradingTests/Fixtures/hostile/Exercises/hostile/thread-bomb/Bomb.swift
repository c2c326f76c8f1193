import Glibc

/// Hostile: starts threads until something stops it.
public func answer() -> Int {
    for _ in 0..<5_000 {
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { _ in sleep(60); return nil }, nil)
        precondition(created == 0, "cannot create another thread")
    }
    return 42
}
