// swift-tools-version:6.1
// A fixture course for `grade mutate`: two deterministic exercises whose suites are strong and
// weak on purpose. Swift Testing suites only, so it builds in seconds.
import PackageDescription

let package = Package(name: "ArithmeticFixture", swiftLanguageModes: [.v6])

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
    .exercise("Strong", starter: "Exercises/arithmetic/strong", solution: "Solutions/arithmetic/strong", suites: [("StrongTests", "Tests/arithmetic/strong")]),
    .exercise("Weak", starter: "Exercises/arithmetic/weak", solution: "Solutions/arithmetic/weak", suites: [("WeakTests", "Tests/arithmetic/weak")]),
]
// END course exercises

let sources = Context.environment["COURSE_GRADE_SOURCES"] ?? "solutions"
let modules = Context.environment["COURSE_GRADE_MODULES"].map { Set($0.split(separator: ",").map(String.init)) }
var folders: [String: String] = [:]
for pair in (Context.environment["COURSE_GRADE_FOLDERS"] ?? "").split(separator: ",") {
    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
    folders[parts[0]] = parts[1]
}
for exercise in courseExercises where modules?.contains(exercise.module) ?? true {
    let path = folders[exercise.module] ?? (sources == "starters" ? exercise.starter : exercise.solution)
    package.targets.append(.target(name: exercise.module, path: path))
    for (target, path) in exercise.suites {
        package.targets.append(.testTarget(name: target, dependencies: [.target(name: exercise.module)], path: path))
    }
}
