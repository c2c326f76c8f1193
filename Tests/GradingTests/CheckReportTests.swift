import Foundation
import Testing
@testable import Grading

/// The parsers of what the checks leave behind: ThreadSanitizer logs, gdb backtraces, /proc.
@Suite struct CheckReportTests {
    static let sanitizerLog = """
        ==================
        WARNING: ThreadSanitizer: Swift access race (pid=22694)
          Modifying access of Swift variable at 0x560db4a97ac0 by thread T2:
            #0 $s4race4bumpyyF /course/Exercises/races/Counter.swift (race+0xfd2a1) (BuildId: 9f04)
            #1 $s4raceSvSgABcfU_ /course/Sources/Multitasking/Thread.swift:10:9 (race+0xfca03) (BuildId: 9f04)

          Previous write of size 1 at 0x560db4a97ac0 by main thread:
            #0 swift_beginAccess /toolchain/lib/swift.cpp:12:1 (libswiftCore.so+0x1)
            #1 $s4race4bumpyyF /course/Exercises/races/Counter.swift:4:43 (race+0xfd2d1) (BuildId: 9f04)

          Location is global '$s4race7counterSivp' of size 8 at 0x560db4a97ac0 (race+0x14baac0)

          Thread T2 'worker-2' (tid=22697, running) created by main thread at:
            #0 pthread_create /llvm/tsan_interceptors_posix.cpp:1094:3 (race+0x7ba4a) (BuildId: 9f04)

        SUMMARY: ThreadSanitizer: Swift access race /course/Exercises/races/Counter.swift in $s4race4bumpyyF
        ==================
        ThreadSanitizer: reported 1 warnings

        """

    @Test func sanitizerReportKeepsTheAccessesInTheCoursesFiles() {
        let reports = ThreadSanitizerReport.reports(in: Self.sanitizerLog, root: "/course") { symbols in
            Dictionary(uniqueKeysWithValues: symbols.map { ($0, $0 == "$s4race4bumpyyF" ? "bump()" : "counter") })
        }
        #expect(reports.count == 1)
        #expect(reports.first?.kind == .dataRace)
        #expect(reports.first?.description == """
            Swift access race on global 'counter':
              modifying access of Swift variable by thread 'worker-2' (T2) at Exercises/races/Counter.swift in bump()
              previous write by the main thread at Exercises/races/Counter.swift:4:43 in bump()
            """)
    }

    static let lockOrderLog = """
        ==================
        WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=4242)
          Cycle in lock order graph: M0 (0x7b0c00000010) => M1 (0x7b0c00000020) => M0

          Mutex M1 acquired here while holding mutex M0 in thread T1:
            #0 pthread_mutex_lock /llvm/tsan_interceptors_posix.cpp:1341:3 (x+0x1)
            #1 $s5order4leftyyF /course/Exercises/deadlock/Order.swift:7:9 (x+0x2)

          Mutex M0 previously acquired by the same thread here:
            #0 pthread_mutex_lock /llvm/tsan_interceptors_posix.cpp:1341:3 (x+0x1)
            #1 $s5order4leftyyF /course/Exercises/deadlock/Order.swift:6:9 (x+0x2)

          Thread T1 'left' (tid=4243, running) created by main thread at:
            #0 pthread_create /llvm/tsan_interceptors_posix.cpp:1094:3 (x+0x3)

        SUMMARY: ThreadSanitizer: lock-order-inversion (potential deadlock) in pthread_mutex_lock
        ==================

        """

    /// A report in Chinese: TSan's words translated where we know them, names and places kept.
    @Test func sanitizerReportsInChinese() throws {
        let demangle: ([String]) -> [String: String] = { symbols in
            Dictionary(uniqueKeysWithValues: symbols.map { ($0, $0 == "$s4race4bumpyyF" ? "bump()" : $0 == "$s5order4leftyyF" ? "left()" : "counter") })
        }
        let race = try #require(ThreadSanitizerReport.reports(in: Self.sanitizerLog, root: "/course", demangle: demangle).first)
        #expect(race.message.text(.zh) == """
            Swift 访问竞争（数据竞争），发生在全局变量 'counter'：
              线程 'worker-2'（T2）修改 Swift 变量，位置 Exercises/races/Counter.swift，函数 bump()
              主线程之前写入，位置 Exercises/races/Counter.swift:4:43，函数 bump()
            """)
        let order = try #require(ThreadSanitizerReport.reports(in: Self.lockOrderLog, root: "/course", demangle: demangle).first)
        #expect(order.kind == .lockOrderInversion)
        #expect(order.message.text(.zh) == """
            锁顺序颠倒（潜在的死锁）：
              线程 'left'（T1）在持有互斥锁 M0 时获取了互斥锁 M1，位置 Exercises/deadlock/Order.swift:7:9，函数 left()
              同一个线程之前获取了互斥锁 M0，位置 Exercises/deadlock/Order.swift:6:9，函数 left()
            """)
        #expect(order.description == """
            lock-order-inversion (potential deadlock):
              mutex M1 acquired here while holding mutex M0 by thread 'left' (T1) at Exercises/deadlock/Order.swift:7:9 in left()
              mutex M0 previously acquired by the same thread at Exercises/deadlock/Order.swift:6:9 in left()
            """)
    }

    @Test func sanitizerLogWithoutReportsHasNone() {
        #expect(ThreadSanitizerReport.reports(in: "ThreadSanitizer: reported 0 warnings\n", root: "/course") { _ in [:] }.isEmpty)
    }

    @Test func gdbBacktracesKeepTheCoursesFrames() {
        let text = """
            Thread 2 (Thread 0x7f00 (LWP 11) "worker-1"):
            #0  0x00007f in __futex_abstimed_wait_common () from /lib/x86_64-linux-gnu/libc.so.6
            #1  0x000055 in $s7Hanging4waitSiyF () at /course/Exercises/trouble/Wait.swift:5
            #2  0x000056 in $s7Runtime4loopyyF () at /course/Sources/Multitasking/Loop.swift:9
            #3  0x000057 in main () at /course/.build-grade/debug/runner.swift:543
            Thread 1 (Thread 0x7f01 (LWP 10) "Tests"):
            #0  0x00007f in poll () from /lib/x86_64-linux-gnu/libc.so.6

            """
        #expect(HungProcessReport.parseBacktraces(text, root: "/course") == [
            .init(name: "worker-1", frames: [.init(function: "$s7Hanging4waitSiyF", place: "Exercises/trouble/Wait.swift:5")]),
            .init(name: "Tests", frames: []),
        ])
    }

    @Test func procStatStatesInWords() {
        #expect(HungProcessReport.state(fromStat: "1234 (worker (1)) S 1 1234")?.description == "sleeping")
        #expect(HungProcessReport.state(fromStat: "1234 (spin) R 1 1234")?.description == "running")
        #expect(HungProcessReport.state(fromStat: "garbage") == nil)
    }

    @Test func procStatGivesGroupAndThreads() throws {
        let stat = "4242 (a (weird) name) S 4200 4100 4000 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 7 0 123 456 78 18446744073709551615"
        let entry = try #require(ProcessTable.entry(pid: 4242, stat: stat))
        #expect(entry.group == 4100 && entry.threads == 7)
        let mine = try #require(ProcessTable.entries().first { $0.pid == getpid() })
        #expect(mine.group == getpgrp())
    }

    @Test func timingFiguresAreReadFromTheSuitesFile() throws {
        let folder = try PrivateRunFolder(in: FileManager.default.temporaryDirectory.path)
        defer { folder.remove() }
        let files = CheckFiles(folder: folder)
        try Data("""
            {"label":"overlap","ratio":0.25,"limit":0.5,"measuredSeconds":0.1,"baselineSeconds":0.4,"attempts":1,"passed":true}
            not json
            {"label":"serial","ratio":1.0,"limit":0.5,"measuredSeconds":0.4,"baselineSeconds":0.4,"attempts":3,"passed":false}

            """.utf8).write(to: URL(fileURLWithPath: files.timingPath))
        let figures = files.timings()
        #expect(figures.map(\.label) == ["overlap", "serial"])
        #expect(figures[1].description == "serial: 1.00x (limit 0.50x; 0.400 s against 0.400 s, 3 attempts) failed")
    }

    /// A suite records a ratio over a zero baseline as the largest finite Double (JSON has no
    /// infinity); the report printed it as a number of 309 digits.
    @Test func aRatioOverAZeroBaselineIsNotPrintedAsANumber() throws {
        let folder = try PrivateRunFolder(in: FileManager.default.temporaryDirectory.path)
        defer { folder.remove() }
        let files = CheckFiles(folder: folder)
        try Data("""
            {"label":"threads vs processes","ratio":\(Double.greatestFiniteMagnitude),"limit":0.5,"measuredSeconds":0.0,"baselineSeconds":0.0,"attempts":3,"passed":false}

            """.utf8).write(to: URL(fileURLWithPath: files.timingPath))
        let figure = try #require(files.timings().first)
        #expect(figure.description == "threads vs processes: no ratio, the baseline took no time (limit 0.50x; 0.000 s against 0.000 s, 3 attempts) failed")
    }

    /// A test that hung until the timeout (30 s) was reported as taking 0.000 s.
    @Test func aTestThatWasRunningWhenTheProcessEndedGetsTheRestOfTheRunsTime() {
        let tests = [
            TestResult(suite: "T.C", name: "a", outcome: .passed, duration: 0.5, failures: []),
            TestResult(suite: "T.C", name: "b", outcome: .failed, duration: 1.0, failures: []),
            TestResult(suite: "T.C", name: "hangs", outcome: .interrupted, duration: 0, failures: []),
            TestResult(suite: "T.C", name: "never", outcome: .notRun, duration: 0, failures: []),
        ]
        let timed = SuiteRun.timingInterrupted(tests, processSeconds: 31.75)
        #expect(timed.map(\.duration) == [0.5, 1.0, 30.25, 0])
        #expect(SuiteRun.timingInterrupted(Array(tests.prefix(2)), processSeconds: 31.75) == Array(tests.prefix(2)))
    }

    @Test func checksAskTheRuntimeThroughTheEnvironment() throws {
        let folder = try PrivateRunFolder(in: FileManager.default.temporaryDirectory.path)
        defer { folder.remove() }
        let files = CheckFiles(folder: folder)
        let plain = files.environment(conditions: .init(), threadSanitizer: false)
        #expect(plain["MULTITASKING_CHECKS"] == nil && plain["MULTITASKING_SEED"] == nil && plain["TSAN_OPTIONS"] == nil)
        let checked = files.environment(conditions: .init(seed: 7, detectsDeadlocks: true), threadSanitizer: false)
        #expect(checked["MULTITASKING_CHECKS"] == "deadlock,lock-order")
        #expect(checked["MULTITASKING_SEED"] == "7")
        #expect(checked["MULTITASKING_REPORT_PATH"] == folder.path + "/diagnostics.jsonl")
        #expect(plain["MULTITASKING_EXPLORE"] == nil && plain["MULTITASKING_SCHEDULE"] == nil)
        let explored = files.environment(conditions: .init(explore: "pct:2000", schedule: "dfs(p2)#3:0*2.1"), threadSanitizer: false)
        #expect(explored["MULTITASKING_EXPLORE"] == "pct:2000")
        #expect(explored["MULTITASKING_SCHEDULE"] == "dfs(p2)#3:0*2.1")
    }

    @Test func aStallReportOfTheRuntimeCountsAsADeadlock() throws {
        let folder = try PrivateRunFolder(in: FileManager.default.temporaryDirectory.path)
        defer { folder.remove() }
        let files = CheckFiles(folder: folder)
        let line = #"{"kind":"all-threads-blocked","steps":[],"message":"Deadlock: every thread is blocked, and none of them can wake the others"}"#
        #expect(FileManager.default.createFile(atPath: files.diagnosticsPath, contents: Data((line + "\n").utf8)))
        let found = files.findings(root: "/", exercise: try #require(try TinyCourse().course().exercises.first), detectsDeadlocks: true)
        #expect(found.deadlocks.map(\.description) == ["Deadlock: every thread is blocked, and none of them can wake the others"])
    }

    /// The runtime's pool watch: tasks that wait on every thread of the cooperative pool are a
    /// deadlock (the run ends with the runtime's deadlock status), worded in both languages,
    /// even in an exercise without the deadlock check.
    @Test func aBlockedPoolIsADeadlockNamingEveryWaitingTask() throws {
        let folder = try PrivateRunFolder(in: FileManager.default.temporaryDirectory.path)
        defer { folder.remove() }
        let files = CheckFiles(folder: folder)
        let line = #"{"kind":"pool-blocked","steps":[{"thread":"Dummy-3","holds":"","wants":"a permit of Semaphore 'slots'"}],"message":"Deadlock: tasks block every thread"}"#
        #expect(FileManager.default.createFile(atPath: files.diagnosticsPath, contents: Data((line + "\n").utf8)))
        let found = files.findings(root: "/", exercise: try #require(try TinyCourse().course().exercises.first), detectsDeadlocks: false)
        let finding = try #require(found.deadlocks.first)
        #expect(finding.text(.en) == """
            Deadlock: tasks block every thread of Swift's cooperative pool, so no task can run to wake them (code in a task must suspend with await, not wait)
              a task on thread 'Dummy-3' waits for a permit of Semaphore 'slots'
            """)
        #expect(finding.text(.zh) == """
            死锁：任务占住了 Swift 协作式线程池的所有线程，没有任务能运行来唤醒它们（任务里的代码应当用 await 挂起，而不是阻塞等待）
              线程 'Dummy-3' 上的一个任务在等待 a permit of Semaphore 'slots'
            """)
    }
}
