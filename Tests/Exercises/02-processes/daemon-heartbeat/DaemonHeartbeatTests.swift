import DaemonHeartbeat
import Glibc
import Multitasking
import Testing

/// The fields of /proc/<pid>/stat after the command name, nil when no such process exists.
private func statFields(_ pid: Int32) -> [Substring]? {
    let descriptor = open("/proc/\(pid)/stat", O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 1024)
    let count = read(descriptor, &bytes, bytes.count)
    guard count > 0 else { return nil }
    let text = String(decoding: bytes[0..<count], as: UTF8.self)
    guard let paren = text.lastIndex(of: ")") else { return nil }
    return text[text.index(after: paren)...].split(separator: " ")
}

/// "R", "S", "Z"... for `pid`; nil when it does not exist.
private func processState(_ pid: Int32) -> String? { statFields(pid)?.first.map(String.init) }

/// The parent pid /proc shows for `pid`.
private func parentOf(_ pid: Int32) -> Int32? { statFields(pid).flatMap { $0.count > 1 ? Int32($0[1]) : nil } }

/// Gone from the process table, or a zombie nobody will run again.
private func isGone(_ pid: Int32) -> Bool {
    let state = processState(pid)
    return state == nil || state == "Z"
}

private func eventually(_ timeout: Duration, _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: timeout)
    while clock.now < end {
        if condition() { return true }
        Multitasking.Thread.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Kills `pid` if it is still a live child of `parent` (so a recycled pid is never touched).
private func killIfChild(_ pid: Int32, of parent: Int32) {
    if pid > 0, parentOf(pid) == parent, !isGone(pid) { kill(pid, SIGKILL) }
}

@Suite(.serialized) struct DaemonHeartbeatTests {
    @Test func theHeartbeatIsADaemonChildThatBeats() throws {
        let beats = try SharedValue(0)
        let heartbeat = try startHeartbeat(beats: beats, every: .milliseconds(10))
        defer {
            if heartbeat.pid != nil {
                try? heartbeat.kill()
                _ = try? heartbeat.join(timeout: .seconds(5))
            }
        }
        #expect(heartbeat.pid != nil, "startHeartbeat should return the heartbeat already started")
        #expect(heartbeat.daemon,
                "the heartbeat loops for ever and nobody joins it, so it must be a daemon: Process(name: \"heartbeat\", daemon: true)")
        #expect(heartbeat.name == "heartbeat", "the process should be named \"heartbeat\", not \"\(heartbeat.name)\"")
        #expect(eventually(.seconds(3)) { beats.value >= 3 },
                "a heartbeat every 10 ms should beat at least 3 times within 3 s, but beats is \(beats.value)")
    }

    /// One beat per interval, not as many as the processor allows: in `elapsed` a heartbeat
    /// that beats at once and then every 20 ms beats at most elapsed / 20 ms + 1 times (a late
    /// sleep only makes fewer). Twice that, and two more, leaves room for any schedule.
    @Test func theHeartbeatBeatsOncePerInterval() throws {
        let beats = try SharedValue(0)
        let interval = Duration.milliseconds(20)
        let clock = ContinuousClock()
        let start = clock.now
        let heartbeat = try startHeartbeat(beats: beats, every: interval)
        defer {
            if heartbeat.pid != nil {
                try? heartbeat.kill()
                _ = try? heartbeat.join(timeout: .seconds(5))
            }
        }
        Multitasking.Thread.sleep(for: .milliseconds(400))
        let count = beats.value
        let most = Int(((clock.now - start) / interval).rounded(.down)) + 1
        #expect(count <= 2 * most + 2, """
            the heartbeat beat \(count) times in \(most - 1) intervals of 20 ms: it should beat once \
            per interval. Sleep for the interval inside the heartbeat's loop, after each beat
            """)
    }

    @Test func theHeartbeatStopsWhenItsParentFinishes() throws {
        let beats = try SharedValue(0)
        let heartbeatPID = try SharedValue<Int32>(0)
        // A program of its own: starts the heartbeat, works for 0.3 s, and ends.
        let program = Multitasking.Process(name: "program") {
            let heartbeat = try startHeartbeat(beats: beats, every: .milliseconds(20))
            heartbeatPID.value = heartbeat.pid ?? -1
            Multitasking.Thread.sleep(for: .milliseconds(300))
        }
        try program.start()
        let programPID = program.pid ?? 0
        let finished = try program.join(timeout: .seconds(4))
        let pid = heartbeatPID.value
        if !finished {
            // Unblock the program (it waits for its heartbeat), then make sure it is gone.
            killIfChild(pid, of: programPID)
            if !(try program.join(timeout: .seconds(5))) {
                try? program.kill()
                try program.join()
            }
        }
        #expect(pid > 0, "startHeartbeat returned a process that was not started (it has no pid)")
        #expect(finished,
                "the program did not end within 4 s of finishing its 0.3 s of work: it was waiting for its heartbeat, which never ends. A daemon heartbeat is terminated when its parent's program ends")
        #expect(program.exitCode == 0, "the program failed: \(program.failure ?? "")")
        #expect(beats.value >= 3, "the heartbeat (every 20 ms) beat only \(beats.value) times while the program ran for 0.3 s")
        if pid > 0 {
            let stoppedBeating = eventually(.seconds(3)) { isGone(pid) }
            #expect(stoppedBeating, "the heartbeat (pid \(pid)) is still running after its program ended (state \(processState(pid) ?? "?"))")
            if !stoppedBeating, let parent = parentOf(pid) { killIfChild(pid, of: parent) }
            let before = beats.value
            Multitasking.Thread.sleep(for: .milliseconds(100))
            #expect(beats.value == before, "beats still went up after the program ended: the heartbeat outlived its parent")
        }
    }

    @Test func theHeartbeatDiesWhenItsParentIsKilled() throws {
        let beats = try SharedValue(0)
        let heartbeatPID = try SharedValue<Int32>(0)
        let program = Multitasking.Process(name: "doomed program") {
            let heartbeat = try startHeartbeat(beats: beats, every: .milliseconds(20))
            heartbeatPID.value = heartbeat.pid ?? -1
            Multitasking.Thread.sleep(for: .seconds(30))
        }
        try program.start()
        let programPID = program.pid ?? 0
        let reported = eventually(.seconds(5)) { heartbeatPID.value != 0 }
        let pid = heartbeatPID.value
        let beating = pid > 0 && eventually(.seconds(3)) { beats.value > 0 }
        let nameBefore = pid > 0 ? processName(pid) : nil
        try program.kill()
        try program.join()
        #expect(reported && pid > 0, "startHeartbeat returned a process that was not started (it has no pid)")
        #expect(beating, "the heartbeat never beat")
        guard pid > 0 else { return }
        let died = eventually(.seconds(3)) { isGone(pid) }
        #expect(died,
                "the heartbeat (pid \(pid)) still runs after its parent (pid \(programPID)) was killed: it became an orphan. A daemon child dies with its parent")
        if !died, nameBefore != nil, processName(pid) == nameBefore { kill(pid, SIGKILL) }  // the same orphan, not a recycled pid
    }
}

/// The command name /proc shows for `pid` (the heartbeat is a copy of this test program).
private func processName(_ pid: Int32) -> String? {
    let descriptor = open("/proc/\(pid)/comm", O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 64)
    let count = read(descriptor, &bytes, bytes.count)
    return count > 0 ? String(decoding: bytes[0..<count], as: UTF8.self) : nil
}
