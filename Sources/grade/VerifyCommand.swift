import ArgumentParser
import Foundation
import Grading

/// `grade verify`: the instructor's check of the whole course (see `CourseVerifier`).
struct GradeVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the course: manifest, Package.swift, solutions and alternatives pass, starters and mistakes fail, hints, lessons, no orphaned files.",
        discussion: "Prints one line per problem, with the file and what to do. Exit status: 0 sound, 1 problems found.")

    @Flag(help: "Only the checks that need no build (manifest, Package.swift, hints, lessons, orphaned files): seconds instead of minutes.")
    var noBuild = false

    @Option(name: .customLong("repeat"), help: "Grade every solution, alternative and mistake this many times afresh and print how often each went as it must; any deviation is a problem.")
    var repetitions: Int?

    @Argument(help: "With --repeat: only these exercises or chapters (default: the whole course).")
    var ids: [String] = []

    @Flag(help: "Also grade mutants of every reference solution (`grade mutate`) and fail each exercise whose suites kill fewer than its threshold: hours on two cores.")
    var mutants = false

    @OptionGroup var location: CourseLocation

    func validate() throws {
        if let repetitions, repetitions < 1 { throw ValidationError("--repeat takes a number of runs of at least 1") }
        if repetitions == nil, !ids.isEmpty { throw ValidationError("exercise ids are taken only with --repeat; plain verify checks the whole course") }
        if repetitions != nil, noBuild { throw ValidationError("--repeat grades builds; it cannot be combined with --no-build") }
        if mutants && noBuild { throw ValidationError("--mutants needs builds; it cannot be combined with --no-build") }
    }

    func run() throws {
        installInterruptHandler()
        try runCommand { () throws(GradingError) -> Int32 in
            let root = try location.root()
            let progress = ProgressLine()
            if let repetitions { return try repeated(repetitions, root: root, progress: progress) }
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

    /// `--repeat N`: the static checks, then N fresh gradings of everything, as a table.
    private func repeated(_ runs: Int, root: String, progress: ProgressLine) throws(GradingError) -> Int32 {
        let verifier = CourseVerifier(root: root) { progress.show($0) }
        var problems = verifier.problems(build: false)
        let figures = try RepeatedVerification(root: root, runs: runs, ids: ids) { progress.show($0) }.figures()
        progress.clear()
        print(RepeatedVerification.table(figures))
        problems += RepeatedVerification.problems(figures)
        for problem in problems { print(problem) }
        if problems.isEmpty {
            print("verify: every solution and alternative passed \(runs) of \(runs) runs, every mistake failed \(runs) of \(runs)")
            return 0
        }
        print("verify: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        return 1
    }
}
