import Glibc

/// Hostile: never answers. Not part of the shared grading run (it would only wait for its
/// timeout); the interrupt tests grade it to have a test process running when they signal.
public func answer() -> Int {
    while true { sleep(1) }
}
