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
    .exercise("Hog", starter: "Exercises/hostile/hog", solution: "Solutions/hostile/hog", suites: [("HogTests", "Tests/hostile/hog")]),
    .exercise("Decent", starter: "Exercises/hostile/decent", solution: "Solutions/hostile/decent", suites: [("DecentTests", "Tests/hostile/decent")]),
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
