import Glibc
@testable import Multitasking
import Testing

/// The grader's checks. Each scenario runs in a child process of its own (an exit test), so
/// that turning diagnostics on cannot disturb the tests running in parallel in this one, and a
/// real deadlock ends that child instead of this process.
@Suite(.hangGuard)
struct DeadlockDetectionTests {
    @Test func theScientistsAndNoodlesDeadlockIsReportedWithItsCycleWithinAMoment() async throws {
        // The child measures from the moment both scientists hold one lock to the report, so
        // the time it takes to start the child on a busy machine does not count.
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            Diagnostics.enable(.init(detectsDeadlocks: true, deadlockCheckInterval: .milliseconds(50), onDeadlock: .report))
            let noodles = Lock(name: "noodles")
            let chopsticks = Lock(name: "chopsticks")
            let bothHoldOne = Barrier(parties: 3)
            // Daemons, so that the process can end while they stay deadlocked.
            let first = Thread(name: "scientist-A", daemon: true) {
                try noodles.withLock {
                    try bothHoldOne.wait()
                    chopsticks.withLock {}
                }
            }
            let second = Thread(name: "scientist-B", daemon: true) {
                try chopsticks.withLock {
                    try bothHoldOne.wait()
                    noodles.withLock {}
                }
            }
            try first.start()
            try second.start()
            try bothHoldOne.wait()
            let clock = ContinuousClock()
            let start = clock.now
            while Diagnostics.reports.isEmpty && clock.now - start < .seconds(20) {
                Thread.sleep(for: .milliseconds(5))
            }
            let elapsed = clock.now - start
            for report in Diagnostics.reports { print(report) }
            print("detected after \(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000) ms")
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.hasPrefix("""
            Deadlock: 2 threads wait for each other in a cycle
              thread 'scientist-A' holds 'noodles' and waits for 'chopsticks'
              thread 'scientist-B' holds 'chopsticks' and waits for 'noodles'
            detected after
            """))
        let milliseconds = output.split(separator: " ").dropLast().last.flatMap { Int($0) }
        #expect(milliseconds != nil)
        #expect((milliseconds ?? .max) < 2_000, "the detector took \(milliseconds ?? -1) ms: a couple of seconds at most is the promise")
    }

    @Test func aDetectedDeadlockEndsTheProcessWhenAskedTo() async throws {
        let result = await #expect(
            processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]
        ) {
            Diagnostics.enable(.init(detectsDeadlocks: true, deadlockCheckInterval: .milliseconds(20), onDeadlock: .exitProcess))
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
        #expect(errorText.contains("Multitasking: Deadlock: 2 threads wait for each other in a cycle"))
    }

    @Test func aLockTakenTwiceByOneThreadIsASelfDeadlock() async throws {
        let result = await #expect(
            processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardErrorContent]
        ) {
            Diagnostics.enable(.init(detectsDeadlocks: true, deadlockCheckInterval: .zero, onDeadlock: .exitProcess))
            let account = Lock(name: "account")
            let teller = Thread(name: "teller") {
                account.withLock { account.withLock {} }
            }
            try teller.start()
            try teller.join()
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains(
            "Deadlock: thread 'teller' waits for lock 'account', which it holds itself (a Lock is not reentrant: use an RLock, or do not take it twice)"))
    }

    @Test func reportsAreWrittenAsJSONLinesForTheGrader() async throws {
        let result = await #expect(processExitsWith: .exitCode(Diagnostics.deadlockExitStatus), observing: [\.standardOutputContent]) {
            let path = "/tmp/multitasking-report-\(getpid()).jsonl"
            unlink(path)
            atexit {
                // Print the file for the parent, then remove it.
                let path = "/tmp/multitasking-report-\(getpid()).jsonl"
                if let file = fopen(path, "r") {
                    var buffer = [CChar](repeating: 0, count: 4096)
                    while fgets(&buffer, Int32(buffer.count), file) != nil {
                        print(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, terminator: "")
                    }
                    fclose(file)
                }
                unlink(path)
                fflush(nil)
            }
            Diagnostics.enable(.init(detectsDeadlocks: true, deadlockCheckInterval: .zero, onDeadlock: .report, reportPath: path))
            let lock = Lock(name: "quote\"d")
            let holder = Thread(name: "holder") { lock.withLock { _ = lock.acquire(timeout: .milliseconds(300)) } }
            try holder.start()
            try holder.join()
            exit(Diagnostics.deadlockExitStatus)
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.hasPrefix(#"{"kind":"deadlock","steps":[{"thread":"holder","holds":"quote\"d","wants":"quote\"d"}],"message":"Deadlock: thread 'holder' waits for lock 'quote\"d', which it holds itself"#))
        #expect(output.filter { $0 == "\n" }.count == 1)
    }

    @Test func locksWaitedForWithoutACycleAreNotReported() async throws {
        await #expect(processExitsWith: .success) {
            Diagnostics.enable(.init(detectsDeadlocks: true, deadlockCheckInterval: .zero, onDeadlock: .exitProcess))
            let lock = Lock(name: "busy")
            let holder = Thread(name: "slow-holder") { lock.withLock { Thread.sleep(for: .milliseconds(200)) } }
            try holder.start()
            Thread.sleep(for: .milliseconds(20))
            let waiters = (0..<3).map { index in Thread(name: "waiter-\(index)") { lock.withLock {} } }
            for waiter in waiters { try waiter.start() }
            for thread in [holder] + waiters { try thread.join() }
            guard Diagnostics.reports.isEmpty else { exit(1) }
        }
    }
}

@Suite(.hangGuard)
struct LockOrderTests {
    @Test func locksTakenInOppositeOrdersAreReportedEvenWithoutAHang() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            Diagnostics.enable(.init(checksLockOrder: true))
            let fork = Lock(name: "fork")
            let knife = Lock(name: "knife")
            let right = Thread(name: "right-handed") { fork.withLock { knife.withLock {} } }
            try right.start()
            try right.join()
            let left = Thread(name: "left-handed") { knife.withLock { fork.withLock {} } }
            try left.start()
            try left.join()
            for report in Diagnostics.reports { print(report) }
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output == """
            Potential deadlock: locks taken in opposite orders (this run did not need to hang)
              thread 'left-handed' took 'knife' then 'fork'
              thread 'right-handed' took 'fork' then 'knife'

            """)
    }

    @Test func longerCyclesThroughSeveralThreadsAreFound() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            Diagnostics.enable(.init(checksLockOrder: true))
            let locks = (0..<3).map { Lock(name: "fork-\($0)") }
            for seat in 0..<3 {
                let philosopher = Thread(name: "philosopher-\(seat)") {
                    locks[seat].withLock { locks[(seat + 1) % 3].withLock {} }
                }
                try philosopher.start()
                try philosopher.join()
            }
            for report in Diagnostics.reports { print(report) }
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.contains("thread 'philosopher-2' took 'fork-2' then 'fork-0'"))
        #expect(output.contains("thread 'philosopher-0' took 'fork-0' then 'fork-1'"))
        #expect(output.contains("thread 'philosopher-1' took 'fork-1' then 'fork-2'"))
    }

    @Test func aConsistentOrderAndReentryAreNotReported() async throws {
        await #expect(processExitsWith: .success) {
            Diagnostics.enable(.init(checksLockOrder: true))
            let first = Lock(name: "first")
            let second = RLock(name: "second")
            let threads = (0..<4).map { _ in
                Thread { first.withLock { second.withLock { second.withLock {} } } }
            }
            for thread in threads { try thread.start() }
            for thread in threads { try thread.join() }
            guard Diagnostics.reports.isEmpty else { exit(1) }
        }
    }
}

/// Gates (Goodlock's common lock, a semaphore admitting fewer threads than a cycle needs) make
/// a cycle unreachable; the check must accept those designs and still report real inversions.
@Suite(.hangGuard)
struct LockOrderGateTests {
    /// Five diners, left chopstick then right, each run alone; `seats` permits at the door.
    static func diners(seats: Int?) throws {
        Diagnostics.enable(.init(checksLockOrder: true))
        let chopsticks = (0..<5).map { Lock(name: "chopstick-\($0)") }
        let footman = seats.map { Semaphore($0, name: "footman") }
        for seat in 0..<5 {
            let diner = Thread(name: "diner-\(seat)") {
                footman?.acquire()
                chopsticks[seat].withLock { chopsticks[(seat + 1) % 5].withLock {} }
                footman?.release()
            }
            try diner.start()
            try diner.join()
        }
    }

    @Test func aFootmanWhoSeatsOneDinerFewerIsAGate() async throws {
        await #expect(processExitsWith: .success) {
            try LockOrderGateTests.diners(seats: 4)
            guard Diagnostics.reports.isEmpty else { exit(1) }
        }
    }

    @Test func aFootmanWhoSeatsEveryDinerIsNoGate() async throws {
        await #expect(processExitsWith: .success) {
            try LockOrderGateTests.diners(seats: 5)
            guard Diagnostics.reports.count == 1, Diagnostics.reports[0].kind == .lockOrderInversion else { exit(1) }
        }
    }

    @Test func withoutAFootmanTheCycleIsReported() async throws {
        await #expect(processExitsWith: .success) {
            try LockOrderGateTests.diners(seats: nil)
            guard Diagnostics.reports.count == 1 else { exit(1) }
        }
    }

    @Test func oneOuterLockAroundBothOrdersIsAGate() async throws {
        await #expect(processExitsWith: .success) {
            Diagnostics.enable(.init(checksLockOrder: true))
            let waiter = Lock(name: "waiter")
            let fork = Lock(name: "fork")
            let knife = Lock(name: "knife")
            for (first, second) in [(fork, knife), (knife, fork)] {
                let diner = Thread { waiter.withLock { first.withLock { second.withLock {} } } }
                try diner.start()
                try diner.join()
            }
            guard Diagnostics.reports.isEmpty else { exit(1) }
        }
    }

    @Test func anOrderOnceTakenWithoutTheOuterLockIsReported() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            Diagnostics.enable(.init(checksLockOrder: true))
            let waiter = Lock(name: "waiter")
            let fork = Lock(name: "fork")
            let knife = Lock(name: "knife")
            for (name, guarded) in [("polite", true), ("rude", false)] {
                let diner = Thread(name: "\(name)-fork-first") {
                    if guarded { waiter.withLock { fork.withLock { knife.withLock {} } } } else { fork.withLock { knife.withLock {} } }
                }
                try diner.start()
                try diner.join()
            }
            let other = Thread(name: "knife-first") { waiter.withLock { knife.withLock { fork.withLock {} } } }
            try other.start()
            try other.join()
            for report in Diagnostics.reports { print(report) }
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output == """
            Potential deadlock: locks taken in opposite orders (this run did not need to hang)
              thread 'knife-first' took 'knife' then 'fork'
              thread 'polite-fork-first' took 'fork' then 'knife'

            """)
    }

    @Test func aSemaphoreUsedToSignalIsNoGate() async throws {
        await #expect(processExitsWith: .success) {
            Diagnostics.enable(.init(checksLockOrder: true))
            let go = Semaphore(0, name: "go")
            let fork = Lock(name: "fork")
            let knife = Lock(name: "knife")
            for (first, second) in [(fork, knife), (knife, fork)] {
                go.release()  // by a thread that holds no permit: a signal, not a gate
                let diner = Thread { go.acquire(); first.withLock { second.withLock {} } }
                try diner.start()
                try diner.join()
            }
            guard Diagnostics.reports.count == 1 else { exit(1) }
        }
    }
}

@Suite struct DiagnosticsConfigurationTests {
    @Test func theEnvironmentTurnsChecksOn() {
        let environment = [
            "MULTITASKING_CHECKS": "deadlock, lock-order",
            "MULTITASKING_SEED": "1234",
            "MULTITASKING_DEADLOCK_INTERVAL_MS": "20",
            "MULTITASKING_REPORT_PATH": "/tmp/report.jsonl",
        ]
        let options = Diagnostics.optionsFromEnvironment { environment[$0] }
        #expect(options == Diagnostics.Options(
            detectsDeadlocks: true, deadlockCheckInterval: .milliseconds(20), onDeadlock: .exitProcess,
            checksLockOrder: true, perturbationSeed: 1234, reportPath: "/tmp/report.jsonl", detectsStalls: true))
    }

    @Test func theStallCheckCanBeTurnedOnAlone() {
        let options = Diagnostics.optionsFromEnvironment { $0 == "MULTITASKING_CHECKS" ? "stall" : nil }
        #expect(options?.detectsStalls == true)
        #expect(options?.detectsDeadlocks == false)
        #expect(options?.checksLockOrder == false)
    }

    @Test func withoutChecksOrSeedNothingIsTurnedOn() {
        #expect(Diagnostics.optionsFromEnvironment { _ in nil } == nil)
        #expect(Diagnostics.optionsFromEnvironment { $0 == "MULTITASKING_CHECKS" ? "" : nil } == nil)
    }

    /// The grader always names a report file: then the findings that need no check of their
    /// own (a blocked pool in a suite's watched region) go there and end the process.
    @Test func aReportFileAloneAsksForReportsWithoutChecks() {
        let options = Diagnostics.optionsFromEnvironment { $0 == "MULTITASKING_REPORT_PATH" ? "/tmp/report.jsonl" : nil }
        #expect(options == Diagnostics.Options(onDeadlock: .exitProcess, reportPath: "/tmp/report.jsonl"))
    }

    @Test func reportModeAndAllAreUnderstood() {
        let environment = ["MULTITASKING_CHECKS": "all", "MULTITASKING_ON_DEADLOCK": "report"]
        let options = Diagnostics.optionsFromEnvironment { environment[$0] }
        #expect(options?.detectsDeadlocks == true)
        #expect(options?.detectsStalls == true)
        #expect(options?.checksLockOrder == true)
        #expect(options?.onDeadlock == .report)
    }

    @Test func badValuesAreReportedOnStandardError() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let environment = ["MULTITASKING_CHECKS": "deadlocks", "MULTITASKING_SEED": "-3"]
            _ = Diagnostics.optionsFromEnvironment { environment[$0] }
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("Multitasking: unknown check 'deadlocks' in MULTITASKING_CHECKS (known: deadlock, stall, lock-order, all)"))
        #expect(errorText.contains("Multitasking: MULTITASKING_SEED must be an unsigned integer, not '-3'"))
    }
}

@Suite struct PerturbationTests {
    @Test func aSeedGivesEachThreadTheSameDecisionsOnEveryReplay() {
        func decisions(seed: UInt64, serial: UInt64) -> [Perturbation.Action] {
            var state = Perturbation.initialState(seed: seed, serial: serial)
            return (0..<64).map { _ in Perturbation.next(&state) }
        }
        #expect(decisions(seed: 7, serial: 3) == decisions(seed: 7, serial: 3))
        #expect(decisions(seed: 7, serial: 3) != decisions(seed: 8, serial: 3))
        #expect(decisions(seed: 7, serial: 3) != decisions(seed: 7, serial: 4))
    }

    @Test func aboutAQuarterOfPointsYieldAndASixteenthSleep() {
        var state = Perturbation.initialState(seed: 42, serial: 1)
        var yields = 0
        var sleeps = 0
        for _ in 0..<16_000 {
            switch Perturbation.next(&state) {
            case .yield: yields += 1
            case .sleep(let microseconds):
                sleeps += 1
                #expect((50...500).contains(microseconds))
            case .proceed: break
            }
        }
        #expect((3_600...4_400).contains(yields))
        #expect((800...1_200).contains(sleeps))
    }

    @Test func theSeedIsPrintedSoAFailingRunCanBeReplayed() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            Diagnostics.enable(.init(perturbationSeed: 99))
            let lock = Lock()
            let threads = (0..<4).map { _ in Thread { for _ in 0..<100 { lock.withLock {} } } }
            for thread in threads { try thread.start() }
            for thread in threads { try thread.join() }
        }
        let errorText = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(errorText.contains("Multitasking: perturbation seed 99 (replay with MULTITASKING_SEED=99)"))
    }
}
