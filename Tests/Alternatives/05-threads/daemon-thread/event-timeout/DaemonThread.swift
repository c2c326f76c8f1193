import Multitasking

public func startHeartbeat(every interval: Duration, beat: @escaping @Sendable () -> Void) throws -> Thread {
    let never = Event()
    let heartbeat = Thread(name: "heartbeat", daemon: true) {
        while true {
            _ = never.wait(timeout: interval)
            beat()
        }
    }
    try heartbeat.start()
    return heartbeat
}
