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

    @Test func everySubcommandIsReserved() {
        for name in ["exercises", "list", "next", "hint", "reset", "verify", "publish", "new", "watch", "help", "mutate"] {
            #expect(CommandNames.reserved.contains(name), "\(name)")
        }
    }
}
