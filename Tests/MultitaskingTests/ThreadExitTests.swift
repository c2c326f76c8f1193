import Glibc
import Multitasking
import Testing

/// What happens at the end of a process: crash reports that name the thread, and the daemon
/// rule. Each test runs in a child process (Swift Testing's exit tests).
@Suite(.hangGuard)
struct ThreadExitTests {
    @Test func aTrapInAThreadIsReportedWithTheThreadName() async throws {
        let result = await #expect(processExitsWith: .signal(SIGILL), observing: [\.standardErrorContent]) {
            let thread = Thread(name: "ticket-seller") {
                let tickets = [1, 2, 3]
                let index = Int(getpid()) % 1 + 3  // out of range, computed so the compiler cannot see it
                _ = tickets[index]
            }
            try thread.start()
            try thread.join()
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("Multitasking: thread 'ticket-seller' crashed (SIGILL, a Swift runtime trap such as an index out of range or a failed precondition)"))
    }

    @Test func theProcessWaitsForNonDaemonThreadsWhenMainCodeEnds() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let worker = Thread(name: "last-words") {
                Thread.sleep(for: .milliseconds(100))
                print("worker finished")
                fflush(nil)
            }
            try worker.start()
            exit(0)  // like the end of main.swift: the runtime's exit handler waits for `worker`
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.contains("worker finished"))
    }

    @Test func daemonThreadsDoNotKeepTheProcessAlive() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let heartbeat = Thread(name: "heartbeat", daemon: true) {
                while true {
                    Thread.sleep(for: .seconds(10))
                    print("daemon survived")
                }
            }
            try heartbeat.start()
            exit(0)  // returns at once although the daemon never ends
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(!output.contains("daemon survived"))
    }
}
