import Multitasking

/// MISTAKE: the heartbeat is an ordinary child, not a daemon: when the parent's work is done the
/// runtime waits for it for ever, and if the parent is killed it keeps beating as an orphan.
public func startHeartbeat(beats: SharedValue<Int>, every interval: Duration) throws -> Process {
    let heartbeat = Process(name: "heartbeat") {
        while true {
            beats.withLock { $0 += 1 }
            Thread.sleep(for: interval)
        }
    }
    try heartbeat.start()
    return heartbeat
}
