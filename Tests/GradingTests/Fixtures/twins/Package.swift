// swift-tools-version:6.1
// A fixture course of two one-line exercises for the tests of the build stage (clashing
// exercises, a package without test targets, an interrupted build). Swift Testing suites only,
// so it needs no XCTest observer and builds in seconds.
import PackageDescription

let package = Package(name: "TwinsFixture", swiftLanguageModes: [.v6])

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
    .exercise("Left", starter: "Exercises/twins/left", solution: "Solutions/twins/left", suites: [("LeftTests", "Tests/twins/left")]),
    .exercise("Right", starter: "Exercises/twins/right", solution: "Solutions/twins/right", suites: [("RightTests", "Tests/twins/right")]),
]
// END course exercises

let sources = Context.environment["COURSE_GRADE_SOURCES"] ?? "solutions"
let modules = Context.environment["COURSE_GRADE_MODULES"].map { Set($0.split(separator: ",").map(String.init)) }
for exercise in courseExercises where modules?.contains(exercise.module) ?? true {
    package.targets.append(.target(
        name: exercise.module, path: sources == "starters" ? exercise.starter : exercise.solution))
    for (target, path) in exercise.suites {
        package.targets.append(.testTarget(name: target, dependencies: [.target(name: exercise.module)], path: path))
    }
}
