// Exercise daemon-heartbeat: A heartbeat that dies with its parent (chapter Processes).
// Read first: Exercises/02-processes/lesson.md, the section on daemon-heartbeat.
// Check it: swift run grade daemon-heartbeat    Stuck? swift run grade hint daemon-heartbeat

import Multitasking

/// Starts the heartbeat of a program: a child process named "heartbeat" that adds 1 to `beats`
/// every `interval`, for as long as the program that started it runs, and returns it (started).
///
/// The heartbeat loops for ever, so nobody joins it: it must be a *daemon*, which the runtime
/// terminates when its parent's program ends (and which dies too if its parent is killed).
/// A heartbeat that is not a daemon keeps its parent waiting for ever, or outlives it.
public func startHeartbeat(beats: SharedValue<Int>, every interval: Duration) throws -> Process {
    // TODO: create the heartbeat process (a daemon) that loops: add 1 to beats (under its lock),
    //       then sleep for `interval`.
    // TODO: start it and return it.
    return Process(name: "heartbeat") {}
}
