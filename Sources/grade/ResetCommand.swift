import ArgumentParser
import Foundation
import Glibc
import Grading

/// `grade reset <exercise>`: the starter files back as given, after confirmation.
struct GradeReset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Put an exercise's starter files back as they were given (your changes to them are lost).")

    @Argument(help: "The exercise id.")
    var exercise: String

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var location: CourseLocation

    func run() throws {
        try runCommand { () throws(GradingError) -> Int32 in
            let root = try location.root()
            let course = try location.course(root: root)
            let chosen = try findExercise(self.exercise, in: course, command: "reset", language: location.language)
            let reset = StarterReset(root: root)
            let changed = try reset.changedFiles(of: chosen)
            guard !changed.isEmpty else {
                print("Exercise '\(chosen.id)' is already as given: nothing to reset.")
                return 0
            }
            if !yes {
                print("This replaces \(changed.joined(separator: ", ")) with the starter; your changes to it are lost.")
                print("Reset exercise '\(chosen.id)'? [y/N] ", terminator: "")
                fflush(nil)
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    print(answer == nil ? "\nNot reset: no answer (no terminal?); pass --yes to reset without asking." : "Not reset.")
                    return 1
                }
            }
            for file in try reset.reset(chosen) { print("reset \(file)") }
            return 0
        }
    }
}
