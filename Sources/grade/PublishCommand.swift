import ArgumentParser
import Foundation
import Grading

/// `grade publish --out DIR [--chapter ID...]`: writes the student edition (see `CoursePublisher`).
struct GradePublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write the student edition: runtime, grader, published chapters' lessons, starters and visible suites.",
        discussion: "No solutions, hidden suites, draft chapters or mistakes are written. Exit status: 0 written, 2 error.")

    @Option(help: ArgumentHelp("The folder to write the edition to (new or empty).", valueName: "folder"))
    var out: String

    @Option(name: .customLong("chapter"), help: ArgumentHelp("A chapter to publish (repeatable; default: every published chapter).", valueName: "id"))
    var chapters: [String] = []

    @OptionGroup var location: CourseLocation

    func run() throws {
        try runCommand { () throws(GradingError) -> Int32 in
            let root = try location.root()
            let destination = out.hasPrefix("/") ? out : FileManager.default.currentDirectoryPath + "/" + out
            let edition = try CoursePublisher(root: root, destination: URL(fileURLWithPath: destination).standardizedFileURL.path,
                                              chapterIDs: chapters).publish()
            print("Published \(edition.chapters.count) chapter\(edition.chapters.count == 1 ? "" : "s") (\(edition.chapters.map(\.id).joined(separator: ", "))), \(edition.exercises.count) exercises, to \(out)")
            return 0
        }
    }
}
