import ArgumentParser
import Foundation
import Grading

/// `grade hint <exercise>`: one more hint each time (the level is remembered).
struct GradeHint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Show the next hint for an exercise (one more each time you ask).")

    @Argument(help: "The exercise id.")
    var exercise: String

    @OptionGroup var location: CourseLocation

    func run() throws {
        try runCommand { () throws(GradingError) -> Int32 in
            let root = try location.root()
            let course = try location.course(root: root)
            let chosen = try findExercise(self.exercise, in: course, command: "hint", language: location.language)
            let stateFolder = location.stateFolder(root: root)
            var state = ProgressState.load(stateFolder: stateFolder)
            let text = try Hints.reveal(chosen, state: &state, language: location.language)
            try state.save(stateFolder: stateFolder)
            print(text, terminator: "")
            return 0
        }
    }
}
