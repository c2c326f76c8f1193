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
            print(nextText(progress, language: location.language), terminator: "")
            return 0
        }
    }
}

func nextText(_ progress: CourseProgress, language: Language = .en) -> String {
    let words = Localizer(language)
    let code = language.courseCode
    let outcome = progress.outcome
    guard let next = progress.next else {
        return words[.nextAllPass, ["earned": outcome.pointsEarned, "possible": outcome.pointsPossible]] + "\n"
    }
    let chapter = outcome.course.chapters.first { $0.id == next.chapterID }
    var lines = [words[.nextHeading, ["exercise": next.id, "title": next.title(in: code), "chapter": chapter?.title(in: code) ?? next.chapterID, "points": next.points]]]
    // The labels line up whatever their language: Chinese ones take two columns a character.
    let labels: [MessageKey] = [.nextEdit, .nextRead, .nextNow, .nextCheck, .nextStuck]
    let width = labels.map { DisplayWidth.of(words[$0]) }.max()! + 1
    func line(_ label: MessageKey, _ text: String) -> String { "  " + DisplayWidth.padded(words[label], to: width) + text }
    lines.append(line(.nextEdit, next.starters.joined(separator: ", ")))
    if let chapter { lines.append(line(.nextRead, chapter.lesson(in: code))) }
    if let result = outcome.results.first(where: { $0.exerciseID == next.id }) {
        lines.append(line(.nextNow, CourseVerifier.summary(of: result, language: language)))
    }
    let lang = language == .en ? "" : " --lang \(language.rawValue)"
    lines.append(line(.nextCheck, "swift run grade \(next.id)\(lang)"))
    if !next.hints.isEmpty { lines.append(line(.nextStuck, "swift run grade hint \(next.id)\(lang)")) }
    return lines.joined(separator: "\n") + "\n"
}
