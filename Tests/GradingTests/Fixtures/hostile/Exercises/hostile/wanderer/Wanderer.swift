import Glibc

/// Hostile: moves to / and removes PATH (and HOME) from its environment in the middle of the run.
public func answer() -> Int {
    chdir("/")
    unsetenv("PATH")
    setenv("HOME", "/nonexistent", 1)
    return 42
}
