import ArgumentParser
import Foundation
import Grading

/// `swift run grade`: grades the course's exercises and reports to the terminal and JUnit XML.
/// Exit status: 0 everything passed, 1 something failed, 2 usage or manifest error.
///
/// The root command only dispatches: grading is the default subcommand, so `grade <id>...`
/// works as is and later commands (watch, list, hint, verify, publish) sit beside it.
@main
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Build and test the course's exercises, and report verdicts and points.",
        discussion: """
            grade [<ids> ...] [--solutions] [--junit <path>] [--format terminal|json] [--shard K/N]
                  [--hidden-tests <folder>] [--seed <seed>] [--schedule <schedule>] [--no-cache] [--verbose]
                  [--package-path <path>]

            With no ids, grades every exercise: the one you are on first, then the rest, and shows
            one line per exercise with the details of the one you are on (--verbose: of all).
            Ids are exercise or chapter ids from course.xml. --seed replays a run of the race and
            deadlock checks, --schedule an explorer's schedule (with its timeline), as a failure
            gave them. Details: grade help exercises.
            Exit status: 0 everything passed, 1 something failed, 2 usage or manifest error.

            Examples:
              swift run grade                      the whole course
              swift run grade first-threads        one exercise, with its details
              swift run grade hint first-threads   one more hint
              swift run grade watch                re-grade the exercise you are on at each save
            """,
        version: Grader.toolVersion,
        subcommands: [GradeExercises.self, GradeList.self, GradeNext.self, GradeHint.self, GradeReset.self, GradeVerify.self, GradePublish.self, GradeNew.self, GradeWatch.self, GradeMutate.self],
        defaultSubcommand: GradeExercises.self)

    /// Usage errors exit with 2, as the grader's other errors before grading do (argument
    /// parser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
