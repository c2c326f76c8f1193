import Foundation
import Testing
@testable import Grading

/// `grade <id>` grades an exercise or chapter, so an id spelled like a subcommand is ambiguous.
@Suite struct ReservedIDTests {
    @Test func exerciseIDThatIsACommandNameIsAManifestError() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: #"exercise id="adding""#, with: #"exercise id="list""#)
        #expect(try TinyCourse(courseXML: xml).manifestProblems() == [
            "course.xml:4:15: error: id 'list' is also the name of the command 'grade list', so 'grade list' would be ambiguous; choose another id",
        ])
    }

    @Test func chapterIDThatIsACommandNameIsAManifestError() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: #"chapter id="basics""#, with: #"chapter id="watch""#)
        #expect(try TinyCourse(courseXML: xml).manifestProblems() == [
            "course.xml:3:12: error: id 'watch' is also the name of the command 'grade watch', so 'grade watch' would be ambiguous; choose another id",
        ])
    }

    /// The subcommands are listed once, in the `grade` command's configuration; this reads them
    /// from its help, so a new subcommand whose name is not reserved fails here.
    @Test func everySubcommandIsReservedAndNothingElse() throws {
        let help = try runProgram(gradeExecutable, ["--help"], in: "/").output
        let section = try #require(help.components(separatedBy: "SUBCOMMANDS:\n").last)
        let names = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }.filter { $0 != "See" }
        #expect(names.contains("exercises") && names.contains("watch"), "\(names)")
        #expect(Set(names + ["help"]) == Set(CommandNames.reserved))
    }
}
