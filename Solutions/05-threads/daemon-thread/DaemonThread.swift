import Multitasking

/// Starts a thread named `heartbeat` that, for as long as the program runs, sleeps `interval`
/// and then calls `beat()`, again and again: it never ends by itself. It must not keep the
/// program alive: when the program's main code is done, the program ends and the heartbeat
/// with it. Returns the started thread.
public func startHeartbeat(every interval: Duration, beat: @escaping @Sendable () -> Void) throws -> Thread {
    // A daemon thread is not waited for when the program ends. (`daemon` is fixed when the
    // thread is made, before `start()`, as in the lesson.)
    let heartbeat = Thread(name: "heartbeat", daemon: true) {
        while true {
            Thread.sleep(for: interval)
            beat()
        }
    }
    try heartbeat.start()
    return heartbeat
}
