import ArgumentParser
import Foundation
import Grading

/// `grade list`: progress per chapter, recomputed by grading (unchanged exercises come from
/// the cache), so an exercise is done only if it passes now.
struct GradeList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show your progress: each chapter's exercises, done or pending, and points.")

    @OptionGroup var location: CourseLocation

    func run() throws {
        installInterruptHandler()
        try runCommand { () throws(GradingError) -> Int32 in
            let progress = try currentProgress(location)
            print(progress.text(style: .detect(environment: environment), language: location.language), terminator: "")
            return 0
        }
    }
}

/// Grades every starter (cached when unchanged) for the progress commands.
func currentProgress(_ location: CourseLocation) throws(GradingError) -> CourseProgress {
    let root = try location.root()
    let line = ProgressLine()
    defer { line.clear() }
    var options = Grader.Options(root: root)
    options.language = location.language
    let outcome = try Grader(options: options) { line.show($0) }.run()
    return CourseProgress(outcome: outcome)
}
