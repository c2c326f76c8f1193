import Foundation
import Testing
@testable import Grading

@Suite struct ManifestTests {
    @Test func readsAValidManifest() throws {
        let course = try TinyCourse().course()
        #expect(course.id == "tiny" && course.version == "1.0.0")
        let exercise = try #require(course.exercises.first)
        #expect(exercise.id == "adding" && exercise.chapterID == "basics" && exercise.module == "Adding")
        #expect(exercise.timeout == .seconds(60), "the schema's default timeout")
        #expect(exercise.suites == [Suite(target: "AddingTests", path: "Tests/basics/adding", framework: .swiftTesting, visibility: .hidden)])
        #expect(exercise.starterFolder == "Exercises/basics/adding")
        #expect(exercise.location == SourceLocation(file: "course.xml", line: 4, column: 5))
    }

    @Test func notWellFormedXMLNamesLineAndColumn() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "</chapter>", with: "</chapters>")
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:9:14: error: Opening and ending tag mismatch: chapter line 3 and chapters",
        ])
    }

    @Test func missingElementSaysWhatWasExpected() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "      <solution>Solutions/basics/adding/Add.swift</solution>\n", with: "")
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:6:7: error: Element 'suite': This element is not expected. Expected is one of ( starter, solution ).",
        ])
    }

    @Test func badAttributeValuePointsAtTheAttribute() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: #"status="published""#, with: #"status="ready""#)
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:3:75: error: Element 'chapter', attribute 'status': [facet 'enumeration'] The value 'ready' is not an element of the set {'draft', 'published'}.",
        ])
    }

    @Test func missingAttributeIsNamed() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: #" points="1""#, with: "")
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:4:5: error: Element 'exercise': The attribute 'points' is required but missing.",
        ])
    }

    /// libxml2 places an element on the line where its start tag ends; course.xml wraps long
    /// `<suite>` tags, so the message must still point at the tag's first line and the attribute.
    @Test func errorsInAWrappedStartTagPointAtTheTagAndTheAttribute() throws {
        let wrapped = TinyCourse.validXML.replacingOccurrences(
            of: #"framework="swift-testing" path="#, with: "framework=\"swift-testing\"\n             path=")
        let badValue = wrapped.replacingOccurrences(of: #"framework="swift-testing""#, with: #"framework="xctst""#)
        #expect(try TinyCourse(courseXML: badValue).manifestProblems() == [
            "course.xml:7:35: error: Element 'suite', attribute 'framework': [facet 'enumeration'] The value 'xctst' is not an element of the set {'xctest', 'swift-testing'}.",
        ])
        let missing = wrapped.replacingOccurrences(of: #" target="AddingTests""#, with: "")
        #expect(try TinyCourse(courseXML: missing).manifestProblems() == [
            "course.xml:7:7: error: Element 'suite': The attribute 'target' is required but missing.",
        ])
        let unknown = wrapped.replacingOccurrences(of: "<suite ", with: "<suit ")
        #expect(try TinyCourse(courseXML: unknown).manifestProblems() == [
            "course.xml:7:7: error: Element 'suit': This element is not expected. Expected is one of ( solution, suite ).",
        ])
    }

    @Test func duplicateIDsAreErrors() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: #"exercise id="adding""#, with: #"exercise id="basics""#)
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:4:15: error: duplicate id 'basics'; it is already used at course.xml:3:12",
        ])
    }

    @Test func missingFilesAreErrors() throws {
        let tiny = try TinyCourse()
        try tiny.remove("Exercises/basics/adding/Add.swift")
        try tiny.remove("Exercises/basics/lesson.md")
        #expect(tiny.manifestProblems() == [
            "course.xml:3:47: error: lesson file 'Exercises/basics/lesson.md' of chapter 'basics' does not exist",
            "course.xml:5:16: error: starter file 'Exercises/basics/adding/Add.swift' of exercise 'adding' does not exist",
        ])
    }

    @Test func theExplorerSettingOfTheChecksIsReadAndAMalformedOneRejected() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "    </exercise>", with: """
                  <checks deadlock="true" explore="dfs2:500"/>
                </exercise>
            """)
        let exercise = try #require(try TinyCourse(courseXML: xml).course().exercises.first)
        #expect(exercise.checks.explore == "dfs2:500")
        #expect(exercise.checks.deadlock)
        let malformed = xml.replacingOccurrences(of: "dfs2:500", with: "bfs:500")
        #expect(throws: GradingError.self) { try TinyCourse(courseXML: malformed).course() }
    }

    @Test func mistakesAreRead() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "    </exercise>", with: """
                  <mistake id="subtracts" path="Tests/Mistakes/adding/subtracts">Subtracts
                    instead of adding.</mistake>
                </exercise>
            """)
        let tiny = try TinyCourse(courseXML: xml)
        try tiny.write("Tests/Mistakes/adding/subtracts/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { a - b }\n")
        let exercise = try #require(try tiny.course().exercises.first)
        #expect(exercise.mistakes == [Fixture(id: "subtracts", path: "Tests/Mistakes/adding/subtracts", explanation: "Subtracts instead of adding.",
                                                  location: SourceLocation(file: "course.xml", line: 8, column: 7))])
    }

    @Test func mistakeWithoutTheSolutionsFilesIsAnError() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "    </exercise>", with: """
                  <mistake id="subtracts" path="Tests/Mistakes/adding/subtracts">Subtracts.</mistake>
                  <mistake id="subtracts" path="Tests/Mistakes/adding/subtracts">Again.</mistake>
                </exercise>
            """)
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:8:31: error: mistake 'subtracts' of exercise 'adding' has no 'Tests/Mistakes/adding/subtracts/Add.swift'; expected a copy of each solution file, written the wrong way",
            "course.xml:9:31: error: exercise 'adding' has two mistakes with id 'subtracts'",
            "course.xml:9:31: error: mistake 'subtracts' of exercise 'adding' has no 'Tests/Mistakes/adding/subtracts/Add.swift'; expected a copy of each solution file, written the wrong way",
        ])
    }

    /// A fixture may be a patch of the solution; the manifest checks that it applies.
    @Test func aMistakeAsAPatchOfTheSolutionIsAppliedOrNamesTheLineThatDoesNotMatch() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "    </exercise>", with: """
                  <mistake id="subtracts" path="Tests/Mistakes/adding/subtracts.patch">Subtracts.</mistake>
                  <mistake id="missing" path="Tests/Mistakes/adding/missing.patch">Nowhere.</mistake>
                </exercise>
            """)
        let tiny = try TinyCourse(courseXML: xml)
        let patch = """
            --- a/Add.swift
            +++ b/Add.swift
            @@ -1 +1 @@
            -public func add(_ a: Int, _ b: Int) -> Int { a + b }
            +public func add(_ a: Int, _ b: Int) -> Int { a - b }

            """
        try tiny.write("Tests/Mistakes/adding/subtracts.patch", patch)
        #expect(tiny.manifestProblems() == [
            "course.xml:9:29: error: mistake 'missing' of exercise 'adding' names the patch 'Tests/Mistakes/adding/missing.patch', which does not exist",
        ])
        try tiny.write("Tests/Mistakes/adding/missing.patch", patch)
        let exercise = try #require(try tiny.course().exercises.first)
        #expect(try exercise.mistakes[0].files(of: exercise, root: tiny.root) == ["Add.swift": "public func add(_ a: Int, _ b: Int) -> Int { a - b }\n"])

        try tiny.write("Solutions/basics/adding/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { b + a }\n")
        #expect(tiny.manifestProblems().first == "Tests/Mistakes/adding/subtracts.patch:3: error: the hunk does not apply to Add.swift: line 1 should be 'public func add(_ a: Int, _ b: Int) -> Int { a + b }' but is 'public func add(_ a: Int, _ b: Int) -> Int { b + a }'; make the diff again against the current solution")
    }

    @Test func alternativesAreRead() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "    </exercise>", with: """
                  <alternative id="swapped" path="Tests/Alternatives/adding/swapped">Adds b to
                    a.</alternative>
                </exercise>
            """)
        let tiny = try TinyCourse(courseXML: xml)
        try tiny.write("Tests/Alternatives/adding/swapped/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { b + a }\n")
        #expect(tiny.manifestProblems() == [])
        let exercise = try #require(try tiny.course().exercises.first)
        #expect(exercise.alternatives == [Fixture(id: "swapped", path: "Tests/Alternatives/adding/swapped", explanation: "Adds b to a.",
                                                      location: SourceLocation(file: "course.xml", line: 8, column: 7))])
    }

    @Test func alternativeWithoutTheSolutionsFilesOrWithATakenIDIsAnError() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "    </exercise>", with: """
                  <alternative id="swapped" path="Tests/Alternatives/adding/swapped">Adds b to a.</alternative>
                  <alternative id="swapped" path="Tests/Alternatives/adding/other">Again.</alternative>
                </exercise>
            """)
        let tiny = try TinyCourse(courseXML: xml)
        try tiny.write("Tests/Alternatives/adding/swapped/Add.swift", "public func add(_ a: Int, _ b: Int) -> Int { b + a }\n")
        #expect(tiny.manifestProblems() == [
            "course.xml:9:33: error: exercise 'adding' has two alternatives with id 'swapped'",
            "course.xml:9:33: error: alternative 'swapped' of exercise 'adding' has no 'Tests/Alternatives/adding/other/Add.swift'; expected a copy of each solution file, written another correct way",
        ])
    }

    @Test func anAlternativeComesAfterTheMistakes() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(of: "    </exercise>", with: """
                  <alternative id="swapped" path="Tests/Alternatives/adding/swapped">Adds b to a.</alternative>
                  <mistake id="subtracts" path="Tests/Mistakes/adding/subtracts">Subtracts.</mistake>
                </exercise>
            """)
        #expect(try TinyCourse(courseXML: xml).manifestProblems() == [
            "course.xml:9:7: error: Element 'mistake': This element is not expected. Expected is one of ( alternative, equivalent ).",
        ])
    }

    @Test func suiteWithoutTestsIsAnError() throws {
        let tiny = try TinyCourse()
        try tiny.remove("Tests/basics/adding/AddTests.swift")
        #expect(tiny.manifestProblems() == [
            "course.xml:7:67: error: suite 'AddingTests' of exercise 'adding' has no tests: no Swift files in 'Tests/basics/adding'",
        ])
    }

    @Test func missingManifestIsAnError() throws {
        let tiny = try TinyCourse()
        try tiny.remove("course.xml")
        #expect(tiny.manifestProblems() == [
            "course.xml: error: cannot read the course manifest (expected course.xml at the package root \(tiny.root))",
        ])
    }

    @Test func theRealCourseReadsAndAgreesWithPackageSwift() throws {
        // This is what makes the README's test command fail loudly when Package.swift and
        // course.xml disagree.
        let course = try ManifestReader(root: mainRoot).read()
        #expect(course.chapters.count >= 2)
        #expect(PackageAgreement(root: mainRoot).problems(for: course) == [])
    }
}

@Suite struct PackageAgreementTests {
    @Test func missingExerciseLineIsAnErrorWithTheLineToAdd() throws {
        let tiny = try TinyCourse(packageLines: [])
        let problems = PackageAgreement(root: tiny.root).problems(for: try tiny.course()).map(\.description)
        #expect(problems == [
            "Package.swift:6:1: error: course.xml has exercise 'adding' (module Adding) but Package.swift does not list it; add this line before '// END course exercises':\n    \(TinyCourse.validLine)",
        ])
    }

    @Test func extraExerciseLineIsAnError() throws {
        let extra = #".exercise("Other", starter: "Exercises/x/other", solution: "Solutions/x/other", suites: [("OtherTests", "Tests/x/other")]),"#
        let tiny = try TinyCourse(packageLines: [TinyCourse.validLine, extra])
        let problems = PackageAgreement(root: tiny.root).problems(for: try tiny.course()).map(\.description)
        #expect(problems == [
            "Package.swift:6:1: error: Package.swift lists module Other but course.xml has no exercise with module=\"Other\"; remove the line or add the exercise to course.xml",
        ])
    }

    @Test func differentFoldersAreAnError() throws {
        let moved = TinyCourse.validLine.replacingOccurrences(of: "Solutions/basics/adding", with: "Solutions/adding")
        let tiny = try TinyCourse(packageLines: [moved])
        let problems = PackageAgreement(root: tiny.root).problems(for: try tiny.course()).map(\.description)
        #expect(problems == [
            "Package.swift:5:1: error: the line for module Adding disagrees with course.xml (exercise 'adding'); expected:\n    \(TinyCourse.validLine)",
        ])
    }

    @Test func missingSectionIsAnError() throws {
        let tiny = try TinyCourse()
        try Data("// swift-tools-version:6.1\n".utf8).write(to: URL(fileURLWithPath: tiny.root + "/Package.swift"))
        let problems = PackageAgreement(root: tiny.root).problems(for: try tiny.course()).map(\.description)
        #expect(problems == [
            "Package.swift: error: no '// BEGIN course exercises' ... '// END course exercises' section; expected the course's exercises listed between those two lines",
        ])
    }
}

@Suite struct PlanTests {
    @Test func unknownIDNamesCloseMatches() throws {
        let course = try TinyCourse().course()
        #expect(throws: GradingError("no exercise or chapter 'adding2' in the course; did you mean 'adding'?")) {
            try GradingPlan(course: course, ids: ["adding2"], sources: .starters)
        }
    }

    @Test func unknownIDWithoutCloseMatchListsTheKnownIDs() throws {
        let course = try TinyCourse().course()
        #expect(throws: GradingError("no exercise or chapter 'zzzzzzzz' in the course; known ids: basics, adding")) {
            try GradingPlan(course: course, ids: ["zzzzzzzz"], sources: .starters)
        }
    }

    @Test func noCourseAboveTheFolderIsAnError() {
        #expect(throws: GradingError("no course here: neither /proc nor a folder above it has course.xml next to Package.swift")) {
            try Grader.findRoot(from: "/proc")
        }
        #expect(throws: GradingError(Problem("这里没有课程：/proc 以及它上面的文件夹里都没有与 Package.swift 放在一起的 course.xml", label: "错误："))) {
            try Grader.findRoot(from: "/proc", language: .zh)
        }
    }

    @Test func rootIsFoundFromASubfolder() throws {
        let tiny = try TinyCourse()
        #expect(try Grader.findRoot(from: tiny.root + "/Exercises/basics") == URL(fileURLWithPath: tiny.root).standardizedFileURL.path)
    }
}

@Suite struct HelperTests {
    @Test func closeMatches() {
        #expect(CloseMatches.of("hello-thread", among: ["hello-threads", "parallel-sum", "fcfs"]) == ["hello-threads"])
        #expect(CloseMatches.of("threads", among: ["hello-threads", "fcfs"]) == ["hello-threads"])
        #expect(CloseMatches.of("qqqq", among: ["hello-threads", "fcfs"]) == [])
    }

    @Test func cappedOutputKeepsHeadAndTail() {
        var output = CappedOutput(limit: 10)
        output.append(Array("0123456789abcdefghij".utf8)[...])
        #expect(output.totalBytes == 20)
        #expect(output.text == "01234\n[... 10 bytes of output left out ...]\nfghij")
    }

    @Test func xmlSafeRemovesEscapesAndForbiddenControls() {
        #expect("a\u{1B}[31mred\u{1B}[0m\u{7}b\u{0}\tc\n".xmlSafe == "aredb\tc\n")
    }

    @Test func compilerDiagnosticsAreParsed() {
        let log = "/x/A.swift:3:7: error: cannot find 'y' in scope\n1 | let x = 1\n  | `- error: cannot find 'y'\n\n/x/A.swift:3:7: error: cannot find 'y' in scope\n"
        let errors = CompilerDiagnostics(log: log).errors
        #expect(errors.count == 1)
        #expect(errors.first?.file == "/x/A.swift" && errors.first?.line == 3 && errors.first?.column == 7)
        #expect(errors.first?.excerpt == ["1 | let x = 1", "  | `- error: cannot find 'y'"])
    }
}

@Suite struct ManifestConsistencyTests {
    @Test func starterFilesInSeveralFoldersAreAnError() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(
            of: "      <solution>", with: "      <starter>Exercises/basics/lesson.md</starter>\n      <solution>")
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:4:5: error: the starter files of exercise 'adding' are in several folders (Exercises/basics, Exercises/basics/adding); expected one folder, which is the exercise's target",
        ])
    }

    @Test func starterAndSolutionInOneFolderAreAnError() throws {
        let xml = TinyCourse.validXML.replacingOccurrences(
            of: "<solution>Solutions/basics/adding/Add.swift</solution>", with: "<solution>Exercises/basics/adding/Add.swift</solution>")
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:4:5: error: exercise 'adding' has its starter and solution in the same folder 'Exercises/basics/adding'; expected two folders",
        ])
    }

    @Test func duplicateModulesAndSuiteTargetsAreErrors() throws {
        let exercise = """
                <exercise id="adding-again" title="Again" module="Adding" points="1">
                  <starter>Exercises/basics/adding/Add.swift</starter>
                  <solution>Solutions/basics/adding/Add.swift</solution>
                  <suite target="AddingTests" framework="xctest" path="Tests/basics/adding"/>
                </exercise>
              </chapter>
            """
        let xml = TinyCourse.validXML.replacingOccurrences(of: "  </chapter>", with: exercise)
        let problems = try TinyCourse(courseXML: xml).manifestProblems()
        #expect(problems == [
            "course.xml:9:47: error: duplicate module 'Adding'; it is already used at course.xml:4:42",
            "course.xml:12:14: error: duplicate suite target 'AddingTests'; it is already used at course.xml:7:14",
        ])
    }

    @Test func unreadablePackageLineIsAnError() throws {
        let tiny = try TinyCourse(packageLines: [#".exercise("Adding")"#])
        let problems = PackageAgreement(root: tiny.root).problems(for: try tiny.course()).map(\.description)
        #expect(problems.first == #"Package.swift:5:1: error: cannot read this exercise line; expected .exercise("Module", starter: "...", solution: "...", suites: [("Target", "path")])"#)
    }

    @Test func missingPackageSwiftIsAnError() throws {
        let tiny = try TinyCourse()
        try tiny.remove("Package.swift")
        #expect(PackageAgreement(root: tiny.root).problems(for: try tiny.course()).map(\.description) == [
            "Package.swift: error: cannot read Package.swift at the package root \(tiny.root)",
        ])
    }
}
