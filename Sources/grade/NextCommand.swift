import ArgumentParser
import Foundation
import Grading

/// `grade next`: the first exercise, in course order, that does not pass now, and how to go on.
struct GradeNext: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Show the next exercise to work on: the first one that does not pass yet.")

    @OptionGroup var location: CourseLocation

    func run() throws {
        installInterruptHandler()
        try runCommand { () throws(GradingError) -> Int32 in
            let progress = try currentProgress(location)
            print(nextText(progress), terminator: "")
            return 0
        }
    }
}

func nextText(_ progress: CourseProgress) -> String {
    let outcome = progress.outcome
    guard let next = progress.next else {
        return "Every exercise passes: \(outcome.pointsEarned)/\(outcome.pointsPossible) points. Well done!\n"
    }
    let chapter = outcome.course.chapters.first { $0.id == next.chapterID }
    var lines = ["Next: \(next.id), \(next.title) (chapter \(chapter?.title ?? next.chapterID), \(next.points) points)"]
    lines.append("  edit:  " + next.starters.joined(separator: ", "))
    if let chapter { lines.append("  read:  " + chapter.lesson) }
    if let result = outcome.results.first(where: { $0.exerciseID == next.id }) {
        lines.append("  now:   " + CourseVerifier.summary(of: result))
    }
    lines.append("  check: swift run grade \(next.id)")
    if !next.hints.isEmpty { lines.append("  stuck? swift run grade hint \(next.id)") }
    return lines.joined(separator: "\n") + "\n"
}
