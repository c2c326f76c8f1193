import Glibc

/// Hostile: starts processes until something stops it (each sleeps, so a failed containment
/// still ends by itself).
public func answer() -> Int {
    for _ in 0..<5_000 {
        if fork() == 0 { sleep(60); _exit(0) }
    }
    return 42
}
