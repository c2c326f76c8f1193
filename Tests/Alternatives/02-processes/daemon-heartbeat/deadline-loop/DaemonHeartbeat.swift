import Multitasking

/// Starts the heartbeat of a program: a child process named "heartbeat" that adds 1 to `beats`
/// every `interval`, for as long as the program that started it runs, and returns it (started).
///
/// The heartbeat loops for ever, so nobody joins it: it must be a *daemon*, which the runtime
/// terminates when its parent's program ends (and which dies too if its parent is killed).
/// A heartbeat that is not a daemon keeps its parent waiting for ever, or outlives it.
public func startHeartbeat(beats: SharedValue<Int>, every interval: Duration) throws -> Process {
    let heartbeat = Process(name: "heartbeat", daemon: true) {
        let clock = ContinuousClock()
        var next = clock.now
        while true {
            beats.withLock { count in count = count + 1 }
            next = next.advanced(by: interval)
            let wait = clock.now.duration(to: next)
            if wait > .zero { Thread.sleep(for: wait) }
        }
    }
    try heartbeat.start()
    return heartbeat
}
