// swift-tools-version:6.1
//
// One package holds the whole course: the runtime students write their exercises with
// (`Multitasking`), the grader (`Grading` and the `grade` executable), the exercises and their
// reference solutions, and every test. See README.md for how the pieces fit together.
import Foundation
import PackageDescription

let package = Package(
    name: "ConcurrencyCourse",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Multitasking", targets: ["Multitasking"]),
        .executable(name: "grade", targets: ["grade"]),
        .executable(name: "multitasking-benchmark", targets: ["MultitaskingBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: The runtime
        // C helpers that Swift cannot express directly: futex calls, thread-local crash context,
        // signal handlers that must stay async-signal-safe, a load-time constructor.
        .target(name: "CMultitasking"),
        .target(
            name: "Multitasking",
            dependencies: [
                "CMultitasking",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            // Programs that use the runtime bind every symbol when they load. A forked child then
            // never runs the dynamic linker's lazy binding for the functions only children call
            // (_exit, prctl, ...), which cost each short child about twenty page faults: a third of
            // what starting one cost above a bare fork (measured with the benchmark's 500 processes).
            linkerSettings: [.unsafeFlags(["-Xlinker", "-z", "-Xlinker", "now"])]
        ),

        // MARK: The grader
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The test process's supervisor: C that runs between fork and exec (ChildProcesses).
        .target(name: "CGrading"),
        .target(
            name: "Grading",
            dependencies: ["CLibXML2", "CGrading"],
            resources: [.copy("Manifest/course.xsd"), .copy("Manifest/xml.xsd")]
        ),
        .executableTarget(
            name: "grade",
            dependencies: [
                "Grading",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Benchmarks (programs that print tables; run them with `-c release`)
        .executableTarget(name: "MultitaskingBenchmark", dependencies: ["Multitasking"]),

        // MARK: Self-tests of the runtime and the grader
        .testTarget(name: "MultitaskingTests", dependencies: ["Multitasking"]),
        .testTarget(name: "CourseChecksTests", dependencies: ["CourseChecks"]),
        .testTarget(
            name: "GradingTests",
            dependencies: ["Grading"],
            exclude: ["Fixtures"]  // fixture courses, built by the tests in a folder of their own
        ),

        // MARK: The grader's XCTest observer (linked into every exercise suite, see below)
        // A load-time constructor registers an `XCTestObservation` that writes JSON lines when
        // the grader asks for them, so XCTest results are read from a structured stream.
        .target(name: "CGradingXCTestObserver", path: "Sources/GradingSupport/CGradingXCTestObserver"),
        .target(
            name: "GradingXCTestObserver",
            dependencies: ["CGradingXCTestObserver"],
            path: "Sources/GradingSupport/GradingXCTestObserver"
        ),
        // What the exercise suites share: timing expectations as ratios measured in one run, and
        // helpers that run the exercise's code under test (with a time limit, from many threads,
        // with the lock-order check on). They use the runtime, which every exercise imports anyway.
        .target(
            name: "CourseChecks",
            dependencies: ["Multitasking"],
            path: "Sources/GradingSupport/CourseChecks"
        ),

        // MARK: Code the course provides to exercises
        // The lesson's ticket office (chapter 3), shared by the exercises that sell tickets,
        // so that it exists once instead of in every starter, solution and fixture.
        .target(name: "CourseProvided", dependencies: ["Multitasking"]),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: - Course exercises (grader section; see README.md, "The grader")
//
// Every exercise of course.xml is three kinds of targets of this package:
// - its starter (`Exercises/...`): what the student edits, a real target so editors work;
// - its reference solution (`Solutions/...`);
// - its test suites (`Tests/Exercises/...`), which `import` the exercise's module.
// By default (`swift build`, `swift test`, editors) the module the suites import is the
// *solution*, so the README's test command proves every solution passes, and the starter is
// a separate `<Module>Starter` target that must compile. `swift run grade` builds in its own
// scratch path with COURSE_GRADE_SOURCES=starters|solutions, where the module is built from
// that folder instead and only the exercises named in COURSE_GRADE_MODULES are present, so an
// exercise that does not compile can be left out while the others build. COURSE_GRADE_FOLDERS
// ("Module=folder,...") builds a module from another folder: a wrong-answer fixture (course.xml's
// <mistake>) that the suites must fail.
//
// The list between BEGIN and END is read by the grader, which refuses to grade when it and
// course.xml disagree; keep one `.exercise(...)` per line.

struct CourseExercise {
    var module: String
    var starter: String
    var solution: String
    var suites: [(target: String, path: String)]

    static func exercise(
        _ module: String, starter: String, solution: String, suites: [(String, String)]
    ) -> CourseExercise {
        CourseExercise(
            module: module, starter: starter, solution: solution,
            suites: suites.map { (target: $0.0, path: $0.1) })
    }
}

// BEGIN course exercises
let courseExercises: [CourseExercise] = [
    // chapter 1: multiprogramming and scheduling
    .exercise("Multiprogramming", starter: "Exercises/01-scheduling/multiprogramming", solution: "Solutions/01-scheduling/multiprogramming", suites: [("MultiprogrammingTests", "Tests/Exercises/01-scheduling/multiprogramming")]),
    .exercise("SchedulingFcfsSjf", starter: "Exercises/01-scheduling/scheduling-fcfs-sjf", solution: "Solutions/01-scheduling/scheduling-fcfs-sjf", suites: [("SchedulingFcfsSjfTests", "Tests/Exercises/01-scheduling/scheduling-fcfs-sjf")]),
    .exercise("SchedulingRr", starter: "Exercises/01-scheduling/scheduling-rr", solution: "Solutions/01-scheduling/scheduling-rr", suites: [("SchedulingRrTests", "Tests/Exercises/01-scheduling/scheduling-rr")]),
    .exercise("SchedulingMlfq", starter: "Exercises/01-scheduling/scheduling-mlfq", solution: "Solutions/01-scheduling/scheduling-mlfq", suites: [("SchedulingMlfqTests", "Tests/Exercises/01-scheduling/scheduling-mlfq")]),
    .exercise("ProcessStates", starter: "Exercises/01-scheduling/process-states", solution: "Solutions/01-scheduling/process-states", suites: [("ProcessStatesTests", "Tests/Exercises/01-scheduling/process-states")]),
    .exercise("BlockingVsNonblocking", starter: "Exercises/01-scheduling/blocking-vs-nonblocking", solution: "Solutions/01-scheduling/blocking-vs-nonblocking", suites: [("BlockingVsNonblockingTests", "Tests/Exercises/01-scheduling/blocking-vs-nonblocking")]),


    // chapter 2: processes
    .exercise("PidAndParent", starter: "Exercises/02-processes/pid-and-parent", solution: "Solutions/02-processes/pid-and-parent", suites: [("PidAndParentTests", "Tests/Exercises/02-processes/pid-and-parent")]),
    .exercise("StartAndJoin", starter: "Exercises/02-processes/start-and-join", solution: "Solutions/02-processes/start-and-join", suites: [("StartAndJoinTests", "Tests/Exercises/02-processes/start-and-join")]),
    .exercise("ProcessArguments", starter: "Exercises/02-processes/process-arguments", solution: "Solutions/02-processes/process-arguments", suites: [("ProcessArgumentsTests", "Tests/Exercises/02-processes/process-arguments")]),
    .exercise("CustomProcess", starter: "Exercises/02-processes/custom-process", solution: "Solutions/02-processes/custom-process", suites: [("CustomProcessTests", "Tests/Exercises/02-processes/custom-process")]),
    .exercise("DaemonHeartbeat", starter: "Exercises/02-processes/daemon-heartbeat", solution: "Solutions/02-processes/daemon-heartbeat", suites: [("DaemonHeartbeatTests", "Tests/Exercises/02-processes/daemon-heartbeat")]),
    .exercise("TerminateAndReap", starter: "Exercises/02-processes/terminate-and-reap", solution: "Solutions/02-processes/terminate-and-reap", suites: [("TerminateAndReapTests", "Tests/Exercises/02-processes/terminate-and-reap")]),
    .exercise("IsolatedMemory", starter: "Exercises/02-processes/isolated-memory", solution: "Solutions/02-processes/isolated-memory", suites: [("IsolatedMemoryTests", "Tests/Exercises/02-processes/isolated-memory")]),


    // chapter 3: process locks
    .exercise("TicketSale", starter: "Exercises/03-process-locks/ticket-sale", solution: "Solutions/03-process-locks/ticket-sale", suites: [("TicketSaleTests", "Tests/Exercises/03-process-locks/ticket-sale")]),
    .exercise("LockScope", starter: "Exercises/03-process-locks/lock-scope", solution: "Solutions/03-process-locks/lock-scope", suites: [("LockScopeTests", "Tests/Exercises/03-process-locks/lock-scope")]),
    .exercise("OwnerDied", starter: "Exercises/03-process-locks/owner-died", solution: "Solutions/03-process-locks/owner-died", suites: [("OwnerDiedTests", "Tests/Exercises/03-process-locks/owner-died")]),


    // chapter 4: inter-process communication
    .exercise("QueueResult", starter: "Exercises/04-ipc/queue-result", solution: "Solutions/04-ipc/queue-result", suites: [("QueueResultTests", "Tests/Exercises/04-ipc/queue-result")]),
    .exercise("PipeConversation", starter: "Exercises/04-ipc/pipe-conversation", solution: "Solutions/04-ipc/pipe-conversation", suites: [("PipeConversationTests", "Tests/Exercises/04-ipc/pipe-conversation")]),
    .exercise("ProducerConsumerProcesses", starter: "Exercises/04-ipc/producer-consumer-processes", solution: "Solutions/04-ipc/producer-consumer-processes", suites: [("ProducerConsumerProcessesTests", "Tests/Exercises/04-ipc/producer-consumer-processes")]),
    .exercise("DoneSignal", starter: "Exercises/04-ipc/done-signal", solution: "Solutions/04-ipc/done-signal", suites: [("DoneSignalTests", "Tests/Exercises/04-ipc/done-signal")]),


    // chapter 5: threads
    .exercise("FirstThreads", starter: "Exercises/05-threads/first-threads", solution: "Solutions/05-threads/first-threads", suites: [("FirstThreadsTests", "Tests/Exercises/05-threads/first-threads")]),
    .exercise("ThreadsInProcesses", starter: "Exercises/05-threads/threads-in-processes", solution: "Solutions/05-threads/threads-in-processes", suites: [("ThreadsInProcessesTests", "Tests/Exercises/05-threads/threads-in-processes")]),
    .exercise("CustomThread", starter: "Exercises/05-threads/custom-thread", solution: "Solutions/05-threads/custom-thread", suites: [("CustomThreadTests", "Tests/Exercises/05-threads/custom-thread")]),
    .exercise("SpawnCost", starter: "Exercises/05-threads/spawn-cost", solution: "Solutions/05-threads/spawn-cost", suites: [("SpawnCostTests", "Tests/Exercises/05-threads/spawn-cost")]),
    .exercise("SharedCounter", starter: "Exercises/05-threads/shared-counter", solution: "Solutions/05-threads/shared-counter", suites: [("SharedCounterTests", "Tests/Exercises/05-threads/shared-counter")]),
    .exercise("JoinAndEnumerate", starter: "Exercises/05-threads/join-and-enumerate", solution: "Solutions/05-threads/join-and-enumerate", suites: [("JoinAndEnumerateTests", "Tests/Exercises/05-threads/join-and-enumerate")]),
    .exercise("DaemonThread", starter: "Exercises/05-threads/daemon-thread", solution: "Solutions/05-threads/daemon-thread", suites: [("DaemonThreadTests", "Tests/Exercises/05-threads/daemon-thread")]),


    // chapter 6: races and locks
    .exercise("RacyCounter", starter: "Exercises/06-races-and-locks/racy-counter", solution: "Solutions/06-races-and-locks/racy-counter", suites: [("RacyCounterTests", "Tests/Exercises/06-races-and-locks/racy-counter")]),
    .exercise("LockGranularity", starter: "Exercises/06-races-and-locks/lock-granularity", solution: "Solutions/06-races-and-locks/lock-granularity", suites: [("LockGranularityTests", "Tests/Exercises/06-races-and-locks/lock-granularity")]),
    .exercise("ThreadSafeSingleton", starter: "Exercises/06-races-and-locks/thread-safe-singleton", solution: "Solutions/06-races-and-locks/thread-safe-singleton", suites: [("ThreadSafeSingletonTests", "Tests/Exercises/06-races-and-locks/thread-safe-singleton")]),
    .exercise("AtomicCounter", starter: "Exercises/06-races-and-locks/atomic-counter", solution: "Solutions/06-races-and-locks/atomic-counter", suites: [("AtomicCounterTests", "Tests/Exercises/06-races-and-locks/atomic-counter")]),


    // chapter 7: deadlock
    .exercise("SelfDeadlock", starter: "Exercises/07-deadlock/self-deadlock", solution: "Solutions/07-deadlock/self-deadlock", suites: [("SelfDeadlockTests", "Tests/Exercises/07-deadlock/self-deadlock")]),
    .exercise("ScientistsAndNoodles", starter: "Exercises/07-deadlock/scientists-and-noodles", solution: "Solutions/07-deadlock/scientists-and-noodles", suites: [("ScientistsAndNoodlesTests", "Tests/Exercises/07-deadlock/scientists-and-noodles")]),
    .exercise("ReentrantLock", starter: "Exercises/07-deadlock/reentrant-lock", solution: "Solutions/07-deadlock/reentrant-lock", suites: [("ReentrantLockTests", "Tests/Exercises/07-deadlock/reentrant-lock")]),
    .exercise("DiningPhilosophers", starter: "Exercises/07-deadlock/dining-philosophers", solution: "Solutions/07-deadlock/dining-philosophers", suites: [("DiningPhilosophersTests", "Tests/Exercises/07-deadlock/dining-philosophers")]),


    // chapter 8: queues
    .exercise("MyQueue", starter: "Exercises/08-queues/my-queue", solution: "Solutions/08-queues/my-queue", suites: [("MyQueueTests", "Tests/Exercises/08-queues/my-queue")]),
    .exercise("BlockingQueueExercise", starter: "Exercises/08-queues/blocking-queue", solution: "Solutions/08-queues/blocking-queue", suites: [("BlockingQueueExerciseTests", "Tests/Exercises/08-queues/blocking-queue")]),
    .exercise("LifoAndPriority", starter: "Exercises/08-queues/lifo-and-priority", solution: "Solutions/08-queues/lifo-and-priority", suites: [("LifoAndPriorityTests", "Tests/Exercises/08-queues/lifo-and-priority")]),
    .exercise("ThreadPipeline", starter: "Exercises/08-queues/thread-pipeline", solution: "Solutions/08-queues/thread-pipeline", suites: [("ThreadPipelineTests", "Tests/Exercises/08-queues/thread-pipeline")]),


    // chapter 9: tasks and structured concurrency
    .exercise("SuspendNotBlock", starter: "Exercises/09-tasks/suspend-not-block", solution: "Solutions/09-tasks/suspend-not-block", suites: [("SuspendNotBlockTests", "Tests/Exercises/09-tasks/suspend-not-block")]),
    .exercise("AsyncLetProfile", starter: "Exercises/09-tasks/async-let", solution: "Solutions/09-tasks/async-let", suites: [("AsyncLetProfileTests", "Tests/Exercises/09-tasks/async-let")]),
    .exercise("TaskGroupDownloads", starter: "Exercises/09-tasks/task-group", solution: "Solutions/09-tasks/task-group", suites: [("TaskGroupDownloadsTests", "Tests/Exercises/09-tasks/task-group")]),
    .exercise("BoundedGroup", starter: "Exercises/09-tasks/bounded-group", solution: "Solutions/09-tasks/bounded-group", suites: [("BoundedGroupTests", "Tests/Exercises/09-tasks/bounded-group")]),
    .exercise("CooperativeCancellation", starter: "Exercises/09-tasks/cooperative-cancellation", solution: "Solutions/09-tasks/cooperative-cancellation", suites: [("CooperativeCancellationTests", "Tests/Exercises/09-tasks/cooperative-cancellation")]),
    .exercise("DeadlineRace", starter: "Exercises/09-tasks/deadline-race", solution: "Solutions/09-tasks/deadline-race", suites: [("DeadlineRaceTests", "Tests/Exercises/09-tasks/deadline-race")]),


    // chapter 10: actors and Sendable
    .exercise("ReentrantCache", starter: "Exercises/10-actors/reentrant-cache", solution: "Solutions/10-actors/reentrant-cache", suites: [("ReentrantCacheTests", "Tests/Exercises/10-actors/reentrant-cache")]),
    .exercise("TicketOfficeActor", starter: "Exercises/10-actors/ticket-office-actor", solution: "Solutions/10-actors/ticket-office-actor", suites: [("TicketOfficeActorTests", "Tests/Exercises/10-actors/ticket-office-actor")]),
    .exercise("SendablePlaylist", starter: "Exercises/10-actors/sendable-playlist", solution: "Solutions/10-actors/sendable-playlist", suites: [("SendablePlaylistTests", "Tests/Exercises/10-actors/sendable-playlist")]),
    .exercise("MutexTurnstile", starter: "Exercises/10-actors/mutex-turnstile", solution: "Solutions/10-actors/mutex-turnstile", suites: [("MutexTurnstileTests", "Tests/Exercises/10-actors/mutex-turnstile")]),
    .exercise("GlobalActorScoreboard", starter: "Exercises/10-actors/global-actor", solution: "Solutions/10-actors/global-actor", suites: [("GlobalActorScoreboardTests", "Tests/Exercises/10-actors/global-actor")]),


    // chapter 11: bridging threads and async code
    .exercise("CallbackContinuation", starter: "Exercises/11-bridging/callback-continuation", solution: "Solutions/11-bridging/callback-continuation", suites: [("CallbackContinuationTests", "Tests/Exercises/11-bridging/callback-continuation")]),
    .exercise("SensorStream", starter: "Exercises/11-bridging/producer-stream", solution: "Solutions/11-bridging/producer-stream", suites: [("SensorStreamTests", "Tests/Exercises/11-bridging/producer-stream")]),
    .exercise("OffThePool", starter: "Exercises/11-bridging/off-the-pool", solution: "Solutions/11-bridging/off-the-pool", suites: [("OffThePoolTests", "Tests/Exercises/11-bridging/off-the-pool")]),
    .exercise("StreamPipeline", starter: "Exercises/11-bridging/pipeline", solution: "Solutions/11-bridging/pipeline", suites: [("StreamPipelineTests", "Tests/Exercises/11-bridging/pipeline")]),

]
// END course exercises

/// What exercises may import: the runtime, the code the course provides, and everything they
/// depend on in this package.
let courseExerciseDependencies: [Target.Dependency] = ["Multitasking", "CourseProvided"]

/// A student edition (`grade publish`) has no solutions and no hidden suites: there the module
/// is built from the starter and only the suites that are there become targets.
func courseFolderExists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: Context.packageDirectory + "/" + path)
}

@MainActor func courseTargets(sources: String?, modules: Set<String>?, folders: [String: String] = [:]) -> [Target] {
    var targets: [Target] = []
    for exercise in courseExercises where modules?.contains(exercise.module) ?? true {
        let hasSolution = courseFolderExists(exercise.solution)
        let path = folders[exercise.module] ?? (sources == "starters" || !hasSolution ? exercise.starter : exercise.solution)
        targets.append(.target(
            name: exercise.module, dependencies: courseExerciseDependencies, path: path))
        if sources == nil && hasSolution {
            targets.append(.target(
                name: exercise.module + "Starter", dependencies: courseExerciseDependencies,
                path: exercise.starter))
        }
        for suite in exercise.suites where courseFolderExists(suite.path) {
            targets.append(.testTarget(
                name: suite.target,
                dependencies: [.target(name: exercise.module), "GradingXCTestObserver", "CourseChecks"],
                path: suite.path))
        }
    }
    return targets
}

/// The names of `roots` and of every target of this package they depend on.
@MainActor func targetClosure(of roots: [String]) -> Set<String> {
    var found = Set<String>()
    var pending = roots
    while let name = pending.popLast() {
        guard found.insert(name).inserted,
              let target = package.targets.first(where: { $0.name == name }) else { continue }
        for dependency in target.dependencies {
            switch dependency {
            case .targetItem(let name, _), .byNameItem(let name, _): pending.append(name)
            default: break
            }
        }
    }
    return found
}

let gradeSources = Context.environment["COURSE_GRADE_SOURCES"]
if let gradeSources {
    guard gradeSources == "starters" || gradeSources == "solutions" else {
        fatalError("COURSE_GRADE_SOURCES must be 'starters' or 'solutions', not '\(gradeSources)'")
    }
    let modules = Context.environment["COURSE_GRADE_MODULES"].map {
        Set($0.split(separator: ",").map(String.init))
    }
    var folders: [String: String] = [:]
    for pair in (Context.environment["COURSE_GRADE_FOLDERS"] ?? "").split(separator: ",") {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { fatalError("COURSE_GRADE_FOLDERS entries are Module=folder, not '\(pair)'") }
        folders[parts[0]] = parts[1]
    }
    let known = Set(courseExercises.map(\.module))
    if let unknown = modules?.union(folders.keys).subtracting(known), !unknown.isEmpty {
        fatalError("COURSE_GRADE_MODULES or COURSE_GRADE_FOLDERS names modules Package.swift does not list: \(unknown.sorted())")
    }
    // Only the runtime, the observer and the chosen exercises: the grader's build never
    // compiles the grader itself, the benchmarks or the self-tests.
    let keep = targetClosure(of: ["Multitasking", "CourseProvided", "GradingXCTestObserver", "CourseChecks"])
    package.targets = package.targets.filter { keep.contains($0.name) }
        + courseTargets(sources: gradeSources, modules: modules, folders: folders)
    package.products = []
} else {
    package.targets += courseTargets(sources: nil, modules: nil)
}
