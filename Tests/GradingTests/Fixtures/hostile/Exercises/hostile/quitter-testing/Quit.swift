import Glibc

public func answer() -> Int { 42 }

/// Hostile: ends the test process with status 0 in the middle of the run, as if all was well
/// (`_exit`: no atexit handlers, no flushing).
public func finish() -> Int {
    _exit(0)
}
