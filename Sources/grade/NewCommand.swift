import ArgumentParser
import Foundation
import Grading

/// `grade new <chapter> <exercise>`: scaffolds an exercise (see `ExerciseScaffold`).
struct GradeNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Scaffold an exercise: starter, solution, suite, lesson section, course.xml entry and Package.swift line.")

    @Argument(help: "The chapter id (from course.xml).")
    var chapter: String

    @Argument(help: "The new exercise's id (lower-case words joined by hyphens).")
    var exercise: String

    @OptionGroup var location: CourseLocation

    func run() throws {
        try runCommand { () throws(GradingError) -> Int32 in
            let root = try location.root()
            let files = try ExerciseScaffold(root: root, chapterID: chapter, exerciseID: exercise).create()
            print("Created exercise '\(exercise)' in chapter '\(chapter)'. Fill in the TODOs in:")
            for file in files { print("  " + file) }
            print("then check it with: swift run grade verify")
            return 0
        }
    }
}
