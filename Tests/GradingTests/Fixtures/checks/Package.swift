// swift-tools-version:6.1
// A fixture course for the grader's concurrency checks: known-wrong answers as the starters
// (a racy counter, a check-then-act singleton, a ticket sale between processes without the
// lock, two locks in opposite orders with and without a hang, a "concurrent" version that is
// serial) and their correct versions as the solutions. The tests copy it to a folder of its
// own with the main package's runtime and grading support (Sources/Multitasking,
// Sources/CMultitasking, Sources/GradingSupport).
import PackageDescription

let package = Package(
    name: "ChecksFixture",
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .target(name: "CMultitasking", path: "Sources/CMultitasking"),
        .target(name: "Multitasking", dependencies: [
            "CMultitasking",
            .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "HeapModule", package: "swift-collections"),
            .product(name: "SystemPackage", package: "swift-system"),
        ], path: "Sources/Multitasking"),
        .target(name: "CGradingXCTestObserver", path: "Sources/GradingSupport/CGradingXCTestObserver"),
        .target(name: "GradingXCTestObserver", dependencies: ["CGradingXCTestObserver"],
                path: "Sources/GradingSupport/GradingXCTestObserver"),
        .target(name: "CourseChecks", dependencies: ["Multitasking"], path: "Sources/GradingSupport/CourseChecks"),
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
    .exercise("RacyCounter", starter: "Exercises/races/racy-counter", solution: "Solutions/races/racy-counter", suites: [("RacyCounterTests", "Tests/races/racy-counter")]),
    .exercise("Singleton", starter: "Exercises/races/singleton", solution: "Solutions/races/singleton", suites: [("SingletonTests", "Tests/races/singleton")]),
    .exercise("TicketSale", starter: "Exercises/races/ticket-sale", solution: "Solutions/races/ticket-sale", suites: [("TicketSaleTests", "Tests/races/ticket-sale")]),
    .exercise("Primitives", starter: "Exercises/races/primitives", solution: "Solutions/races/primitives", suites: [("PrimitivesTests", "Tests/races/primitives")]),
    .exercise("LatentLockOrder", starter: "Exercises/deadlocks/latent-lock-order", solution: "Solutions/deadlocks/latent-lock-order", suites: [("LatentLockOrderTests", "Tests/deadlocks/latent-lock-order")]),
    .exercise("HangingLockOrder", starter: "Exercises/deadlocks/hanging-lock-order", solution: "Solutions/deadlocks/hanging-lock-order", suites: [("HangingLockOrderTests", "Tests/deadlocks/hanging-lock-order")]),
    .exercise("Downloads", starter: "Exercises/timing/downloads", solution: "Solutions/timing/downloads", suites: [("DownloadsTests", "Tests/timing/downloads")]),
]
// END course exercises

let sources = Context.environment["COURSE_GRADE_SOURCES"] ?? "solutions"
let modules = Context.environment["COURSE_GRADE_MODULES"].map { Set($0.split(separator: ",").map(String.init)) }
for exercise in courseExercises where modules?.contains(exercise.module) ?? true {
    package.targets.append(.target(
        name: exercise.module, dependencies: ["Multitasking"],
        path: sources == "starters" ? exercise.starter : exercise.solution))
    for (target, path) in exercise.suites {
        package.targets.append(.testTarget(
            name: target,
            dependencies: [.target(name: exercise.module), "Multitasking", "GradingXCTestObserver", "CourseChecks"],
            path: path))
    }
}
