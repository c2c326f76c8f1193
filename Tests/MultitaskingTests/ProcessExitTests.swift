import Glibc
import Multitasking
import Testing

/// What happens to children when the program ends normally: daemons are terminated, the others
/// waited for (Python's rule). Each test runs in a process of its own (Swift Testing's exit tests).
@Suite(.hangGuard, forkSupported)
struct ProcessExitTests {
    @Test func daemonChildrenAreTerminatedWhenTheProgramEnds() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let heartbeat = Multitasking.Process(name: "heartbeat", daemon: true) {
                while true { Thread.sleep(for: .milliseconds(10)) }
            }
            try heartbeat.start()
            print("daemon pid \(heartbeat.pid!)")
            fflush(nil)
            exit(0)  // the runtime's exit handler terminates the daemon
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        let pid = try #require(output.split(separator: "\n").first { $0.hasPrefix("daemon pid ") }
            .flatMap { Int32($0.dropFirst("daemon pid ".count)) })
        #expect(eventually { processState(pid) == nil || processState(pid) == "Z" })
    }

    @Test func otherChildrenAreWaitedForWhenTheProgramEnds() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let worker = Multitasking.Process(name: "last-words") {
                Thread.sleep(for: .milliseconds(100))
                print("child finished")
            }
            try worker.start()
            exit(0)  // like the end of main.swift: the exit handler waits for `worker`
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.contains("child finished"))
    }
}
