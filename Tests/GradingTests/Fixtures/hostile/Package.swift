// swift-tools-version:6.1
// A fixture course of hostile submissions for the grader's self-tests (issue 9): each starter
// misbehaves in one way the grader must contain and report for that exercise only. No
// dependency outside the toolchain, like the mixed fixture.
import PackageDescription

let package = Package(
    name: "HostileFixture",
    targets: [
        .target(name: "CGradingXCTestObserver", path: "Sources/GradingSupport/CGradingXCTestObserver"),
        .target(name: "GradingXCTestObserver", dependencies: ["CGradingXCTestObserver"],
                path: "Sources/GradingSupport/GradingXCTestObserver"),
    ],
    swiftLanguageModes: [.v6]
)

struct CourseExercise {
    var module: String
    var starter: String
    var solution: String
    var suites: [(String, String)]

    static func exercise(_ module: String, starter: String, solution: String, suites: [(String, String)]) -> CourseExercise {
        CourseExercise(module: module, starter: starter, solution: solution, suites: suites)
    }
}

// BEGIN course exercises
let courseExercises: [CourseExercise] = [
    .exercise("ForkBomb", starter: "Exercises/hostile/fork-bomb", solution: "Solutions/hostile/fork-bomb", suites: [("ForkBombTests", "Tests/hostile/fork-bomb")]),
    .exercise("ThreadBomb", starter: "Exercises/hostile/thread-bomb", solution: "Solutions/hostile/thread-bomb", suites: [("ThreadBombTests", "Tests/hostile/thread-bomb")]),
    .exercise("Flood", starter: "Exercises/hostile/flood", solution: "Solutions/hostile/flood", suites: [("FloodTests", "Tests/hostile/flood")]),
    .exercise("BigFile", starter: "Exercises/hostile/big-file", solution: "Solutions/hostile/big-file", suites: [("BigFileTests", "Tests/hostile/big-file")]),
    .exercise("Escapee", starter: "Exercises/hostile/escapee", solution: "Solutions/hostile/escapee", suites: [("EscapeeTests", "Tests/hostile/escapee")]),
    .exercise("DoubleFork", starter: "Exercises/hostile/double-fork", solution: "Solutions/hostile/double-fork", suites: [("DoubleForkTests", "Tests/hostile/double-fork")]),
    .exercise("SanitizerHog", starter: "Exercises/hostile/sanitizer-hog", solution: "Solutions/hostile/sanitizer-hog", suites: [("SanitizerHogTests", "Tests/hostile/sanitizer-hog")]),
    .exercise("Hog", starter: "Exercises/hostile/hog", solution: "Solutions/hostile/hog", suites: [("HogTests", "Tests/hostile/hog")]),
    .exercise("Decent", starter: "Exercises/hostile/decent", solution: "Solutions/hostile/decent", suites: [("DecentTests", "Tests/hostile/decent")]),
    .exercise("StdinReader", starter: "Exercises/hostile/stdin-reader", solution: "Solutions/hostile/stdin-reader", suites: [("StdinReaderTests", "Tests/hostile/stdin-reader")]),
    .exercise("Sleeper", starter: "Exercises/hostile/sleeper", solution: "Solutions/hostile/sleeper", suites: [("SleeperTests", "Tests/hostile/sleeper")]),
    .exercise("Quitter", starter: "Exercises/hostile/quitter", solution: "Solutions/hostile/quitter", suites: [("QuitterTests", "Tests/hostile/quitter")]),
    .exercise("QuitterTesting", starter: "Exercises/hostile/quitter-testing", solution: "Solutions/hostile/quitter-testing", suites: [("QuitterTestingTests", "Tests/hostile/quitter-testing")]),
    .exercise("Imitator", starter: "Exercises/hostile/imitator", solution: "Solutions/hostile/imitator", suites: [("ImitatorTests", "Tests/hostile/imitator")]),
    .exercise("ForgedXCTest", starter: "Exercises/hostile/forged-xctest", solution: "Solutions/hostile/forged-xctest", suites: [("ForgedXCTestTests", "Tests/hostile/forged-xctest")]),
    .exercise("ForgedLink", starter: "Exercises/hostile/forged-link", solution: "Solutions/hostile/forged-link", suites: [("ForgedLinkTests", "Tests/hostile/forged-link")]),
    .exercise("Signaller", starter: "Exercises/hostile/signaller", solution: "Solutions/hostile/signaller", suites: [("SignallerTests", "Tests/hostile/signaller")]),
    .exercise("Swapper", starter: "Exercises/hostile/swapper", solution: "Solutions/hostile/swapper", suites: [("SwapperTests", "Tests/hostile/swapper")]),
    .exercise("Wanderer", starter: "Exercises/hostile/wanderer", solution: "Solutions/hostile/wanderer", suites: [("WandererTests", "Tests/hostile/wanderer")]),
    .exercise("Vandal", starter: "Exercises/hostile/vandal", solution: "Solutions/hostile/vandal", suites: [("VandalTests", "Tests/hostile/vandal")]),
    .exercise("Stuck", starter: "Exercises/hostile/stuck", solution: "Solutions/hostile/stuck", suites: [("StuckTests", "Tests/hostile/stuck")]),
]
// END course exercises

let sources = Context.environment["COURSE_GRADE_SOURCES"] ?? "solutions"
let modules = Context.environment["COURSE_GRADE_MODULES"].map { Set($0.split(separator: ",").map(String.init)) }
for exercise in courseExercises where modules?.contains(exercise.module) ?? true {
    package.targets.append(.target(
        name: exercise.module, path: sources == "starters" ? exercise.starter : exercise.solution))
    for (target, path) in exercise.suites {
        package.targets.append(.testTarget(
            name: target, dependencies: [.target(name: exercise.module), "GradingXCTestObserver"], path: path))
    }
}
