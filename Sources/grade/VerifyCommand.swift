import ArgumentParser
import Foundation
import Grading

/// `grade verify`: the instructor's check of the whole course (see `CourseVerifier`).
struct GradeVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the course: manifest, Package.swift, solutions pass, starters and mistakes fail, hints, lessons, no orphaned files.",
        discussion: "Prints one line per problem, with the file and what to do. Exit status: 0 sound, 1 problems found.")

    @Flag(help: "Only the checks that need no build (manifest, Package.swift, hints, lessons, orphaned files): seconds instead of minutes.")
    var noBuild = false

    @Flag(help: "Also grade mutants of every reference solution (`grade mutate`) and fail each exercise whose suites kill fewer than its threshold: hours on two cores.")
    var mutants = false

    @OptionGroup var location: CourseLocation

    func validate() throws {
        if mutants && noBuild { throw ValidationError("--mutants needs builds; it cannot be combined with --no-build") }
    }

    func run() throws {
        installInterruptHandler()
        try runCommand { () throws(GradingError) -> Int32 in
            let root = try location.root()
            let progress = ProgressLine()
            let verifier = CourseVerifier(root: root) { progress.show($0) }
            var problems = verifier.problems(build: !noBuild)
            if mutants && problems.isEmpty { problems += verifier.mutationProblems() }
            progress.clear()
            for problem in problems { print(problem) }
            if problems.isEmpty {
                print(noBuild ? "verify: no problems found without building (run without --no-build for the rest)" : "verify: the course is sound")
                return 0
            }
            print("verify: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
            return 1
        }
    }
}
