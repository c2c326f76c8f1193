import Glibc
@testable import Multitasking
import Testing

/// The stall check: a deadlock on anything the runtime waits for (semaphores, events, queues,
/// conditions, barriers, joins), reported as soon as every thread is stuck. Each scenario runs
/// in a child process of its own (an exit test), like the lock deadlock tests.
@Suite(.hangGuard)
struct StallDetectionTests {
    /// Stall checking on, reports printed; the process ends with the deadlock status.
    private static func enableStallCheck() {
        Diagnostics.enable(.init(deadlockCheckInterval: .milliseconds(20), onDeadlock: .exitProcess, detectsStalls: true))
    }

    @Test func twoSemaphoresTakenInOppositeOrdersAreReportedWithEveryThreadsWait() async throws {
        let result = await #expect(
            processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]
        ) {
            Self.enableStallCheck()
            let printer = Semaphore(1, name: "printer")
            let scanner = Semaphore(1, name: "scanner")
            let bothHoldOne = Barrier(parties: 2, name: "both hold one")
            let first = Thread(name: "first") {
                printer.acquire()
                try bothHoldOne.wait()
                scanner.acquire()
            }
            let second = Thread(name: "second") {
                scanner.acquire()
                try bothHoldOne.wait()
                printer.acquire()
            }
            try first.start()
            try second.start()
            try first.join()
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("""
            Multitasking: Deadlock: every thread is blocked, and none of them can wake the others
              thread 'first' waits for a permit of Semaphore 'scanner'
              thread 'second' waits for a permit of Semaphore 'printer'
              thread 'Dummy-1' waits for thread 'first' to finish
            """), "\(errorText)")
    }

    @Test func whenTheStuckThreadsHoldACycleOfLocksTheCycleIsReported() async throws {
        let result = await #expect(
            processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]
        ) {
            Self.enableStallCheck()
            let left = Lock(name: "left")
            let right = Lock(name: "right")
            let bothHoldOne = Barrier(parties: 2)
            let first = Thread(name: "first") { try left.withLock { try bothHoldOne.wait(); right.withLock {} } }
            let second = Thread(name: "second") { try right.withLock { try bothHoldOne.wait(); left.withLock {} } }
            try first.start()
            try second.start()
            try first.join()
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("Multitasking: Deadlock: 2 threads wait for each other in a cycle"), "\(errorText)")
        #expect(!errorText.contains("every thread is blocked"), "\(errorText)")
    }

    @Test func aConsumerWaitingForAnItemNobodyPutsIsReported() async throws {
        let result = await #expect(
            processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]
        ) {
            Self.enableStallCheck()
            let jobs = Queue<Int>(name: "jobs")
            let consumer = Thread(name: "consumer") { _ = jobs.get() }
            try consumer.start()
            try consumer.join()
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("  thread 'consumer' waits for an item in Queue 'jobs'\n"), "\(errorText)")
    }

    @Test func aWaitOnAConditionNobodyNotifiesNamesTheLocksTheOthersHold() async throws {
        let result = await #expect(
            processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]
        ) {
            Diagnostics.enable(.init(
                detectsDeadlocks: true, deadlockCheckInterval: .milliseconds(20), onDeadlock: .exitProcess,
                detectsStalls: true))
            let ready = Condition(name: "ready")
            let ledger = Lock(name: "ledger")
            let waiter = Thread(name: "waiter") { _ = try ready.withLock { try ready.wait() } }
            let clerk = Thread(name: "clerk") {
                ledger.withLock {
                    Thread.sleep(for: .milliseconds(50))
                    _ = ready.tryAcquire()  // takes the condition's lock, which waiter has let go, and keeps it
                    try? waiter.join()
                }
            }
            try waiter.start()
            Thread.sleep(for: .milliseconds(20))
            try clerk.start()
            try clerk.join()
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("  thread 'waiter' waits for a notification on condition 'ready'\n"), "\(errorText)")
        #expect(errorText.contains("  thread 'clerk' holds 'ledger', 'ready' and waits for thread 'waiter' to finish\n"), "\(errorText)")
    }

    @Test func eventsBarriersAndBoundedQueuesAreNamedInTheirOwnWords() async throws {
        let result = await #expect(
            processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]
        ) {
            Self.enableStallCheck()
            let go = Event(name: "go")
            let meeting = Barrier(parties: 3, name: "meeting")
            let tray = Queue<Int>(maxsize: 1, name: "tray")
            tray.put(1)
            let threads = [
                Thread(name: "a") { go.wait() },
                Thread(name: "b") { try meeting.wait() },
                Thread(name: "c") { tray.put(2) },
            ]
            for thread in threads { try thread.start() }
            for thread in threads { try thread.join() }
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("  thread 'a' waits for event 'go' to be set\n"), "\(errorText)")
        #expect(errorText.contains("  thread 'b' waits for the other parties of barrier 'meeting' (3 needed)\n"), "\(errorText)")
        #expect(errorText.contains("  thread 'c' waits for room in Queue 'tray' (maxsize 1)\n"), "\(errorText)")
    }

    @Test func aWatchdogThatWaitsWithATimeLimitDoesNotHideTheStall() async throws {
        let result = await #expect(
            processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]
        ) {
            Self.enableStallCheck()
            let never = Semaphore(0, name: "never released")
            let runner = Thread(name: "runner", daemon: true) { never.acquire() }
            try runner.start()
            _ = try Diagnostics.asWatchdog { try runner.join(timeout: .seconds(30)) }
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("""
            Multitasking: Deadlock: every thread is blocked, and none of them can wake the others
              thread 'runner' waits for a permit of Semaphore 'never released'

            """), "\(errorText)")
    }

    @Test func theReportIsAJSONLineTheGraderReads() {
        let report = DiagnosticReport(
            kind: .allThreadsBlocked, steps: [.init(thread: "t", holds: "'a'", wants: "lock 'b' (held by 'u')")],
            detail: nil, seed: nil)
        #expect(report.jsonLine == #"{"kind":"all-threads-blocked","steps":[{"thread":"t","holds":"'a'","wants":"lock 'b' (held by 'u')"}],"message":"Deadlock: every thread is blocked, and none of them can wake the others\n  thread 't' holds 'a' and waits for lock 'b' (held by 'u')"}"#)
    }

    // MARK: No false alarms

    @Test func waitsThatEndByThemselvesOrThatARunningThreadWillEndAreNotReported() async throws {
        await #expect(processExitsWith: .success) {
            Self.enableStallCheck()
            let late = Event(name: "late")
            let jobs = Queue<Int>(name: "jobs")
            // One thread sleeps and then sets the event; one waits with a timeout; one computes and then puts.
            let sleeper = Thread(name: "sleeper") {
                Thread.sleep(for: .milliseconds(300))
                late.set()
            }
            let patient = Thread(name: "patient") { _ = late.wait(timeout: .milliseconds(400)) }
            let computer = Thread(name: "computer") {
                var total = 0
                let clock = ContinuousClock()
                let end = clock.now + .milliseconds(300)
                while clock.now < end { total &+= 1 }
                jobs.put(total)
            }
            let waiters = [Thread(name: "event waiter") { late.wait() }, Thread(name: "item waiter") { _ = jobs.get() }]
            for thread in waiters + [sleeper, patient, computer] { try thread.start() }
            for thread in waiters + [sleeper, patient, computer] { try thread.join() }
            guard Diagnostics.reports.isEmpty else { exit(1) }
        }
    }

    @Test func aThreadBlockedOutsideTheRuntimeCountsAsOneThatMayStillWakeTheOthers() async throws {
        await #expect(processExitsWith: .success) {
            Self.enableStallCheck()
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { exit(2) }
            let (readEnd, writeEnd) = (ends[0], ends[1])
            let done = Event(name: "done")
            let reader = Thread(name: "reader") {
                var byte: UInt8 = 0
                _ = read(readEnd, &byte, 1)  // blocked in the kernel, not in the runtime
                done.set()
            }
            try reader.start()
            let writer = Thread(name: "writer") {
                Thread.sleep(for: .milliseconds(300))
                var byte: UInt8 = 1
                _ = write(writeEnd, &byte, 1)
            }
            try writer.start()
            done.wait()
            try reader.join()
            try writer.join()
            guard Diagnostics.reports.isEmpty else { exit(1) }
        }
    }
}
