import Foundation
import Testing
@testable import Grading

/// The containment of a test run under each fallback `Containment` describes, with the hostile
/// fixture's bombs run directly (its test binary, built by the shared run): as root with every
/// mechanism, without cgroups, without anything, and as an ordinary user (this test binary run
/// again as `nobody`, where no cgroup is writable).
@Suite(.serialized) struct ContainmentTests {
    static let binary = HostileFixture.course.root + "/.build-grade/starters/debug/HostileFixturePackageTests.xctest"

    /// Runs an XCTest class of the hostile fixture contained; its ending, and the processes
    /// left that carry the run's mark (read from /proc).
    static func run(_ testClass: String, containment: Containment) throws -> (ending: ChildProcess.Ending, left: [pid_t]) {
        let mark = "CONTAINMENT_MARK=\(UUID().uuidString)"
        var process = ChildProcess(
            executable: binary, arguments: ["--testing-library", "xctest", testClass],
            environment: ["CONTAINMENT_MARK": mark, "PATH": "/usr/bin:/bin"],
            workingDirectory: NSTemporaryDirectory(), timeout: .seconds(30))
        process.limits = ResourceLimits()
        process.containment = containment
        // One bomb at a time, and none while another test times a grader's reaction.
        let outcome = try fixtureLock.withLock { _ in try process.run() }
        return (outcome.ending, liveProcesses(containing: mark))
    }

    static let configurations: [(String, Containment)] = [
        ("every mechanism", Containment()),
        ("namespaces without cgroups", Containment(namespaces: true, controlGroups: false)),
        ("no namespace, no cgroup", Containment(namespaces: false, controlGroups: false)),
    ]

    /// Held to the limit (at most twice it) by the pids cgroup; without it root has only the
    /// grader's count, which stops the bomb later (RLIMIT_NPROC does not bind root).
    @Test(arguments: configurations.indices)
    func aFastForkBombIsStoppedAndNothingIsLeft(configuration: Int) throws {
        _ = try HostileFixture.starters.get()
        let (name, containment) = Self.configurations[configuration]
        let (ending, left) = try Self.run("ForkBombTests.AnswerTests", containment: containment)
        guard case .tooManyTasks(let count) = ending else {
            Issue.record("\(name): \(ending)")
            return
        }
        if containment.controlGroups {
            #expect(count <= 2 * ResourceLimits().tasks, "\(name): \(count)")
        }
        #expect(left.isEmpty, "\(name): processes of the bomb are left: \(left)")
    }

    @Test(arguments: configurations.indices)
    func aMemoryBombIsNamedAndNothingIsLeft(configuration: Int) throws {
        _ = try HostileFixture.starters.get()
        let (name, containment) = Self.configurations[configuration]
        let (ending, left) = try Self.run("HogTests.AnswerTests", containment: containment)
        guard case .outOfMemory(let bytes) = ending else {
            Issue.record("\(name): \(ending)")
            return
        }
        let limit = ResourceLimits().memoryBytes
        #expect(bytes >= limit * 9 / 10 && bytes <= 2 * limit, "\(name): \(bytes >> 20) MiB")
        #expect(left.isEmpty, "\(name): processes of the bomb are left: \(left)")
    }

    /// The pids a test knows name its own processes in /proc: in a namespace the run mounts a
    /// /proc of its own (without it, /proc/<a child's pid> is another process of the machine,
    /// and the suites' "is the child still in the process table?" asks about the wrong one).
    @Test(arguments: configurations.indices)
    func aChildsPidNamesTheChildInProc(configuration: Int) throws {
        let (name, containment) = Self.configurations[configuration]
        var process = ChildProcess(
            // The child is named `sh` until its exec of sleep: look for up to 5 s (once, on a
            // loaded machine, the first look came before the exec).
            executable: "/bin/sh", arguments: ["-c", """
                sleep 5 & child=$!
                for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
                    name=$(cat /proc/$child/comm); [ "$name" = sleep ] && break; sleep 0.2
                done
                echo "$name"; kill $child
                """],
            environment: ["PATH": "/usr/bin:/bin"], workingDirectory: "/", timeout: .seconds(10))
        process.limits = ResourceLimits()
        process.containment = containment
        let outcome = try process.run()
        #expect(outcome.ending == .exited(0), "\(name)")
        #expect(outcome.output.text == "sleep\n", "\(name)")
    }

    @Test func aMissingProgramIsTheSameErrorContained() {
        var process = ChildProcess(executable: "/no/such/program", arguments: [], environment: [:],
                                   workingDirectory: "/", timeout: .seconds(5))
        process.limits = ResourceLimits()
        #expect(throws: GradingError("cannot start /no/such/program: No such file or directory")) {
            try process.run()
        }
    }

    /// A read-only folder that does not exist: the mount fails in the supervisor (only with
    /// namespaces, which a first run tells; without them there is no mount to fail).
    @Test func aSupervisorThatCannotSetTheTestUpSaysWhy() throws {
        var process = ChildProcess(executable: "/bin/true", arguments: [], environment: [:],
                                   workingDirectory: "/", timeout: .seconds(5))
        process.limits = ResourceLimits()
        #expect(try process.run().ending == .exited(0))
        guard Containment.full.preferredNamespaces().count > 1 else { return }
        process.readOnlyFolder = "/no/such/folder"
        #expect(throws: GradingError("cannot start /bin/true: the test's supervisor could not set it up: No such file or directory")) {
            try process.run()
        }
    }

    /// This test binary again, as `nobody`, running `ordinaryUserProbe`: the fork bomb and the
    /// memory bomb with every mechanism an ordinary user has, then without namespaces.
    @Test func anOrdinaryUserHoldsTheBombsToTheirLimits() throws {
        _ = try HostileFixture.starters.get()
        let me = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let probe = try runProgram(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", me,
                                 "--testing-library", "swift-testing", "--filter", "ContainmentTests/ordinaryUserProbe"],
            in: "/", environment: ["CONTAINMENT_PROBE": "1", "HOME": "/tmp"])
        let lines = probe.output.split(separator: "\n").filter { $0.hasPrefix("probe: ") }
        #expect(lines.count == 4, "\(probe.output)")
        for line in lines {
            #expect(line.hasSuffix(" held, nothing left"), "\(line)")
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["CONTAINMENT_PROBE"] != nil))
    func ordinaryUserProbe() throws {
        #expect(geteuid() != 0)
        for (name, containment) in [("namespaces", Containment()), ("no namespace", Containment(namespaces: false, controlGroups: true))] {
            let forks = try Self.run("ForkBombTests.AnswerTests", containment: containment)
            var held = false
            if case .tooManyTasks(let count) = forks.ending { held = count <= 2 * ResourceLimits().tasks }
            print("probe: fork bomb, \(name): \(forks.ending),\(held ? " held" : " not held"),\(forks.left.isEmpty ? " nothing left" : " \(forks.left.count) left")")
            let memory = try Self.run("HogTests.AnswerTests", containment: containment)
            held = false
            if case .outOfMemory(let bytes) = memory.ending { held = bytes <= 2 * ResourceLimits().memoryBytes }
            print("probe: memory bomb, \(name): \(memory.ending),\(held ? " held" : " not held"),\(memory.left.isEmpty ? " nothing left" : " \(memory.left.count) left")")
        }
    }
}
