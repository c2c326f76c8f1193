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
            let words = Localizer(location.language)
            let reset = StarterReset(root: root, language: location.language)
            let changed = try reset.changedFiles(of: chosen)
            guard !changed.isEmpty else {
                print(words[.resetNothing, ["exercise": chosen.id]])
                return 0
            }
            if !yes {
                print(words[.resetReplaces, ["files": changed.joined(separator: ", ")]])
                print(words[.resetAsk, ["exercise": chosen.id]], terminator: "")
                fflush(nil)
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    print(answer == nil ? "\n" + words[.resetNoAnswer] : words[.watchNotReset])
                    return 1
                }
            }
            for file in try reset.reset(chosen) { print(words[.watchResetFile, ["file": file]]) }
            return 0
        }
    }
}
