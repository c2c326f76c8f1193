// Exercise daemon-thread: A heartbeat daemon (chapter Threads).
// Read first: Exercises/05-threads/lesson.md, the section on daemon-thread.
// Check it: swift run grade daemon-thread    Stuck? swift run grade hint daemon-thread

import Multitasking

/// Starts a thread named `heartbeat` that, for as long as the program runs, sleeps `interval`
/// and then calls `beat()`, again and again: it never ends by itself. It must not keep the
/// program alive: when the program's main code is done, the program ends and the heartbeat
/// with it. Returns the started thread.
public func startHeartbeat(every interval: Duration, beat: @escaping @Sendable () -> Void) throws -> Thread {
    // TODO: make the heartbeat thread (which kind of thread does not keep the program alive?),
    // start it, and return it.
    return Thread(name: "heartbeat") {}
}
