import Glibc

public func waitForAnswer() -> Int {
    print("waiting for an answer that never comes")
    while true { usleep(10_000) }
}
