import Glibc

/// Hostile: a fast fork bomb, every process forking again at once (up to 4,096 processes when
/// nothing stops it, four times the limit; each extra one sleeps, so a failed containment still
/// ends by itself). The test waits three seconds before it answers, so that the bomb has gone
/// off before its test ends even on a loaded machine.
public func answer() -> Int {
    let original = getpid()
    for _ in 0..<12 { _ = fork() }
    if getpid() != original {
        sleep(30)
        _exit(0)
    }
    sleep(3)
    return 42
}
