import DaemonThread
import Glibc
import Multitasking
import Testing

/// Each test runs the heartbeat in a child process of its own (an exit test), the way a
/// program would: start it, do the main work, end. A heartbeat that keeps a program alive
/// would otherwise keep this test process alive too. In the child a daemon watchdog ends the
/// program with exit code 3 if it is still running 3 seconds later.
///
/// `exit(0)` ends a program as the end of `main.swift` does: the runtime first waits for every
/// thread that is not a daemon. `_exit(0)` ends it at once.
@Suite struct DaemonThreadTests {
    @Test func theHeartbeatBeatsOnADaemonThread() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            startWatchdog()
            let heartbeat = try startHeartbeat(every: .milliseconds(20)) {
                print("beat on \(currentThread().name)")
                fflush(nil)
            }
            print("name=\(heartbeat.name) daemon=\(heartbeat.daemon) alive=\(heartbeat.isAlive)")
            fflush(nil)
            Thread.sleep(for: .milliseconds(500))
            print("after 500 ms alive=\(heartbeat.isAlive)")
            fflush(nil)
            _exit(0)  // at once, without waiting for any thread: the next test checks the wait
        }
        let lines = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self).split(separator: "\n")
        #expect(lines.contains("name=heartbeat daemon=true alive=true"), """
            startHeartbeat should return a started daemon thread named 'heartbeat'; \
            it returned \(lines.first { $0.hasPrefix("name=") } ?? "nothing")
            """)
        let beats = lines.filter { $0 == "beat on heartbeat" }.count
        #expect(beats >= 3, "in 500 ms a heartbeat every 20 ms should beat on the 'heartbeat' thread at least 3 times; it beat \(beats) times")
        #expect(lines.contains("after 500 ms alive=true"), """
            the heartbeat had ended after 500 ms (\(beats) beats) while the program still ran: it must beat \
            for as long as the program runs (a loop that never ends), and being a daemon lets the program end
            """)
    }

    @Test func theHeartbeatDoesNotKeepTheProgramAlive() async throws {
        await #expect(processExitsWith: .success, """
            the program's main code ended (exit(0)) but the program was still running 3 s later: \
            the runtime waits for every thread that is not a daemon, and the heartbeat never ends. \
            Make it a daemon thread
            """) {
            startWatchdog()
            _ = try startHeartbeat(every: .milliseconds(20)) {}
            Thread.sleep(for: .milliseconds(50))
            exit(0)
        }
    }
}

/// Ends the process with exit code 3 after 3 s, from a daemon thread (which does not itself
/// keep the process alive).
func startWatchdog() {
    let watchdog = Thread(name: "watchdog", daemon: true) {
        Thread.sleep(for: .seconds(3))
        print("still running after 3 s: exiting with code 3")
        fflush(nil)
        _exit(3)
    }
    try? watchdog.start()
}
