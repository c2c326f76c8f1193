import Glibc

/// Hostile: sends SIGTERM to its whole process group (`kill(0, ...)`). That group is the test's
/// own, which the grader is not in.
public func answer() -> Int {
    kill(0, SIGTERM)
    sleep(5)
    return 42
}
