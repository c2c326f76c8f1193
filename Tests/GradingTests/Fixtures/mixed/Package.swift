// swift-tools-version:6.1
// A fixture course for the grader's self-tests: every kind of exercise outcome, no dependency
// outside the toolchain so it builds in seconds. The tests copy it to a temporary folder
// together with the grader's XCTest observer (Sources/GradingSupport of the main package).
import Foundation
import PackageDescription

let package = Package(
    name: "FixtureCourse",
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
    .exercise("PassingX", starter: "Exercises/basics/passing-xctest", solution: "Solutions/basics/passing-xctest", suites: [("PassingXTests", "Tests/basics/passing-xctest")]),
    .exercise("PassingT", starter: "Exercises/basics/passing-testing", solution: "Solutions/basics/passing-testing", suites: [("PassingTTests", "Tests/basics/passing-testing")]),
    .exercise("FailingX", starter: "Exercises/basics/failing-xctest", solution: "Solutions/basics/failing-xctest", suites: [("FailingXTests", "Tests/basics/failing-xctest")]),
    .exercise("FailingT", starter: "Exercises/basics/failing-testing", solution: "Solutions/basics/failing-testing", suites: [("FailingTTests", "Tests/basics/failing-testing")]),
    .exercise("Broken", starter: "Exercises/trouble/broken", solution: "Solutions/trouble/broken", suites: [("BrokenTests", "Tests/trouble/broken")]),
    .exercise("Crashing", starter: "Exercises/trouble/crashing", solution: "Solutions/trouble/crashing", suites: [("CrashingTests", "Tests/trouble/crashing")]),
    .exercise("CrashingX", starter: "Exercises/trouble/crashing-xctest", solution: "Solutions/trouble/crashing-xctest", suites: [("CrashingXTests", "Tests/trouble/crashing-xctest")]),
    .exercise("Hanging", starter: "Exercises/trouble/hanging", solution: "Solutions/trouble/hanging", suites: [("HangingTests", "Tests/trouble/hanging")]),
    .exercise("EarlyExit", starter: "Exercises/trouble/early-exit", solution: "Solutions/trouble/early-exit", suites: [("EarlyExitTests", "Tests/trouble/early-exit")]),
]
// END course exercises

// The same contract as the course's Package.swift: COURSE_GRADE_SOURCES picks the folders,
// COURSE_GRADE_MODULES the exercises to build, COURSE_GRADE_FOLDERS ("Module=folder,...")
// builds a module from another folder (a wrong-answer fixture).
let sources = Context.environment["COURSE_GRADE_SOURCES"] ?? "solutions"
let modules = Context.environment["COURSE_GRADE_MODULES"].map { Set($0.split(separator: ",").map(String.init)) }
var folders: [String: String] = [:]
for pair in (Context.environment["COURSE_GRADE_FOLDERS"] ?? "").split(separator: ",") {
    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
    if parts.count == 2 { folders[parts[0]] = parts[1] }
}
// A student edition (`grade publish`) has no solutions and no hidden suites.
func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: Context.packageDirectory + "/" + path) }
for exercise in courseExercises where modules?.contains(exercise.module) ?? true {
    let fromStarter = sources == "starters" || !exists(exercise.solution)
    package.targets.append(.target(
        name: exercise.module, path: folders[exercise.module] ?? (fromStarter ? exercise.starter : exercise.solution)))
    for (target, path) in exercise.suites where exists(path) {
        package.targets.append(.testTarget(
            name: target, dependencies: [.target(name: exercise.module), "GradingXCTestObserver"], path: path))
    }
}
