import CourseChecks
import Glibc
import Multitasking
import ProcessArguments
import Testing

@Suite(.serialized) struct ProcessArgumentsTests {
    @Test func argumentsReachTheirChildrenAndResultsComeBack() throws {
        let results = try runInChildren([10, -3, 42, 0]) { $0 * 2 }
        #expect(results == [20, -6, 84, 0],
                "runInChildren([10, -3, 42, 0]) { $0 * 2 } should return [20, -6, 84, 0], got \(results)")
    }

    @Test func resultsAreInTheOrderOfTheArgumentsNotOfCompletion() throws {
        // The first argument takes longest, so the children finish in the reverse order.
        let arguments = [5, 4, 3, 2, 1]
        let results = try runInChildren(arguments) { argument in
            Multitasking.Thread.sleep(for: .milliseconds(60 * argument))
            return argument * argument
        }
        let completionOrder = arguments.reversed().map { $0 * $0 }
        #expect(results == [25, 16, 9, 4, 1],
                "results should follow the arguments [5, 4, 3, 2, 1], giving [25, 16, 9, 4, 1], but came back as \(results)\(results == completionOrder ? ": that is the order the children finished in; send each result with its argument's index and put it in its place" : "")")
    }

    @Test func equalArgumentsEachGetAResult() throws {
        let results = try runInChildren([7, 7, 7]) { $0 + 1 }
        #expect(results == [8, 8, 8], "three equal arguments should give three results [8, 8, 8], got \(results)")
    }

    @Test func eachArgumentRunsInAChildOfItsOwn() throws {
        let results = try runInChildren([1, 2, 3, 4]) { _ in Int(getpid()) }
        let me = Int(getpid())
        #expect(results.count == 4, "4 arguments should give 4 results, got \(results.count)")
        #expect(!results.contains(me),
                "work ran in the calling process (pid \(me)): run each argument in a child Process")
        #expect(Set(results).count == results.count,
                "each argument should run in a child of its own, but the work ran in the processes \(results)")
    }

    @Test func theChildrenRunAtTheSameTime() throws {
        // All at once take about one job's time, two rounds two: the limit lies between.
        let jobTime = Duration.milliseconds(500)
        let check = try Timing.ratio(
            "5 jobs of 0.5 s each, against the time of one job", atMost: 1.7,
            of: { _ = try runInChildren([1, 2, 3, 4, 5]) { argument in
                Multitasking.Thread.sleep(for: jobTime)
                return argument
            } },
            against: jobTime)
        #expect(check.passed,
                "\(check). 5 children sleeping 0.5 s each should together take about 0.5 s, not two rounds or more: start them all before you join any")
    }

    /// One argument's work stalls for 1.5 s, longer than any fixed wait a solution might put in
    /// place of `join()`. When runInChildren returns, every child has been joined: none is left
    /// in the process table, running or ended.
    @Test func everyChildIsJoinedBeforeItReturns() throws {
        var pids: [Int] = []
        let left = try ChildProcesses.leftBehind {
            pids = try runInChildren([0, 1, 2]) { argument in
                if argument == 1 { Multitasking.Thread.sleep(for: .milliseconds(1500)) }
                return Int(getpid())
            }
        }
        #expect(pids.count == 3, "3 arguments should give 3 results, got \(pids)")
        #expect(left.isEmpty, "runInChildren returned while its children \(left.sorted()) were still unjoined (one of them worked 1.5 s): join every child before returning")
    }

    @Test func noArgumentsGiveNoResults() throws {
        #expect(try runInChildren([]) { $0 } == [])
    }
}
