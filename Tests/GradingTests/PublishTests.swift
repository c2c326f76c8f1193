import Foundation
import Testing
@testable import Grading

/// `grade publish` and `--hidden-tests`: the mixed fixture's student edition (chapter basics;
/// trouble is a draft), built and graded for real, then graded with the instructor's hidden
/// suites however the student changed the suites in their copy.
@Suite(.serialized) struct PublishTests {
    static let edition = testBinaryFolder + "/grading-fixtures/mixed-edition"

    /// Publishes the edition afresh (its build state is kept between runs).
    private func publishEdition() throws -> Course {
        let manager = FileManager.default
        try? manager.createDirectory(atPath: Self.edition, withIntermediateDirectories: true)
        for item in try manager.contentsOfDirectory(atPath: Self.edition) where item != ".build-grade" {
            try manager.removeItem(atPath: Self.edition + "/" + item)
        }
        let staging = Self.edition + "/.build-grade/staging"
        try? manager.removeItem(atPath: staging)
        let course = try CoursePublisher(root: MixedFixture.course.root, destination: staging).publish()
        for item in try manager.contentsOfDirectory(atPath: staging) {
            try manager.moveItem(atPath: staging + "/" + item, toPath: Self.edition + "/" + item)
        }
        return course
    }

    private func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: Self.edition + "/" + path)
    }

    @Test func editionHoldsThePublishedChaptersAndNothingSecret() throws {
        _ = try MixedFixture.starters.get()  // prepares the fixture once
        // The instructor's Package.resolved (local state, ignored by git) stays behind.
        let resolved = MixedFixture.course.root + "/Package.resolved"
        let course = try fixtureLock.withLock { _ in
            try Data(#"{"pins":[],"version":2}"#.utf8).write(to: URL(fileURLWithPath: resolved))
            let tools = MixedFixture.course.root + "/InstructorTools"
            try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
            try Data("// the mutation tool\n".utf8).write(to: URL(fileURLWithPath: tools + "/Package.swift"))
            defer {
                try? FileManager.default.removeItem(atPath: resolved)
                try? FileManager.default.removeItem(atPath: tools)
            }
            return try publishEdition()
        }
        #expect(!exists("Package.resolved"))
        #expect(!exists("InstructorTools"), "the instructors' mutation tool")
        #expect(course.chapters.map(\.id) == ["basics"])
        #expect(exists("Exercises/basics/lesson.md") && exists("Exercises/basics/failing-xctest/Square.swift"))
        #expect(exists(".course/starters/Exercises/basics/failing-xctest/Square.swift"))
        #expect(exists("Sources/GradingSupport/GradingXCTestObserver"))
        #expect(exists("Tests/basics/passing-xctest/AddTests.swift"), "a visible suite")
        #expect(!exists("Tests/basics/failing-xctest"), "a hidden suite")
        #expect(!exists("Solutions"))
        #expect(!exists("Tests/Mistakes"))
        #expect(!exists("Tests/Alternatives"))
        #expect(!exists("Exercises/trouble"), "a draft chapter")
        #expect(!exists("Exercises/basics/Leftover.swift"), "not part of any exercise")

        let xml = try String(contentsOfFile: Self.edition + "/course.xml", encoding: .utf8)
        #expect(xml.contains(#"<course id="fixture" title="Fixture course" version="1.0.0" edition="student">"#))
        #expect(!xml.contains("trouble") && !xml.contains("<mistake") && !xml.contains("<alternative"))
        #expect(xml.contains(#"<suite target="FailingXTests" framework="xctest" visibility="hidden" path="Tests/basics/failing-xctest"/>"#))
        let package = try String(contentsOfFile: Self.edition + "/Package.swift", encoding: .utf8)
        #expect(package.components(separatedBy: ".exercise(\"").count - 1 == 4)
        #expect(!package.contains(#".exercise("Broken""#))
        let readme = try String(contentsOfFile: Self.edition + "/README.md", encoding: .utf8)
        #expect(readme.contains("  - `failing-xctest`: Failing XCTest, 5 points, edit `Exercises/basics/failing-xctest/Square.swift` (graded in CI)\n"))
        #expect(readme.contains("  - `passing-xctest`: Passing XCTest, 3 points, edit `Exercises/basics/passing-xctest/Add.swift`\n"))

        // The edition reads as a student edition: hidden suites are graded in CI.
        let read = try ManifestReader(root: Self.edition).read()
        #expect(read.edition == .student)
        #expect(PackageAgreement(root: Self.edition).problems(for: read) == [])
        #expect(read.exercises.map(\.suites.count) == [1, 0, 0, 1])
        #expect(StudentEdition.ciNote(for: read) == "Graded in CI: passing-testing, failing-xctest (hidden suites, run when you submit; `swift build` shows whether they compile)\n")
        #expect(readme.contains("they are graded when you submit, not by\n`swift run grade`. `swift build` (and your editor) shows whether they compile."))

        // Naming an exercise graded in CI only is said, not answered with an empty report.
        #expect(throws: GradingError("exercise 'failing-xctest' has only hidden suites here: it is graded in CI when you submit, not by `swift run grade`; `swift build` shows whether it compiles")) {
            try GradingPlan(course: read, ids: ["failing-xctest"], sources: .starters)
        }
        #expect(throws: GradingError(Problem("练习 'failing-xctest' 在这里只有隐藏的测试套件：它在你提交时由 CI 评分，而不是由 `swift run grade` 评分；`swift build` 可以看出它能否编译", label: "错误："))) {
            try GradingPlan(course: read, ids: ["failing-xctest"], sources: .starters, language: .zh)
        }
        #expect(try GradingPlan(course: read, ids: ["basics"], sources: .starters).exercises.map(\.id) == ["passing-xctest", "failing-testing"])
        var hiddenOnly = read
        hiddenOnly.chapters[0].exercises.removeAll { !$0.suites.isEmpty }
        #expect(throws: GradingError("chapter 'basics' has only hidden suites here: it is graded in CI when you submit, not by `swift run grade`; `swift build` shows whether it compiles")) {
            try GradingPlan(course: hiddenOnly, ids: ["basics"], sources: .starters)
        }
    }

    @Test func editionBuildsAndGradesItsVisibleSuites() throws {
        _ = try MixedFixture.starters.get()  // prepares the fixture once
        try fixtureLock.withLock { _ in
            _ = try publishEdition()
            let outcome = try Grader(options: Grader.Options(root: Self.edition)).run()
            #expect(outcome.results.map(\.exerciseID) == ["passing-xctest", "failing-testing"])
            #expect(outcome.results.map(\.verdict) == [.passed, .failed])
        }
    }

    @Test func hiddenTestsGradeWithTheInstructorsSuitesWhateverTheStudentChanged() throws {
        _ = try MixedFixture.starters.get()  // prepares the fixture once
        try fixtureLock.withLock { _ in
            _ = try publishEdition()
            let student = Self.edition
            // The student fixes one exercise, and tries to make the others pass by editing a
            // visible suite and adding a suite where a hidden one goes.
            try Data(#"public func greeting(_ name: String) -> String { "Hello, \(name)!" }"#.utf8)
                .write(to: URL(fileURLWithPath: student + "/Exercises/basics/failing-testing/Greeting.swift"))
            try Data("import XCTest\nfinal class AddTests: XCTestCase { func testNothing() {} }\n".utf8)
                .write(to: URL(fileURLWithPath: student + "/Tests/basics/passing-xctest/AddTests.swift"))
            try FileManager.default.createDirectory(atPath: student + "/Tests/basics/failing-xctest", withIntermediateDirectories: true)
            try Data("import XCTest\nfinal class SquareTests: XCTestCase { func testNothing() {} }\n".utf8)
                .write(to: URL(fileURLWithPath: student + "/Tests/basics/failing-xctest/SquareTests.swift"))

            let junit = student + "/.build-grade/hidden-report.xml"
            let run = try runProgram(gradeExecutable, ["--hidden-tests", MixedFixture.course.root, "--junit", junit, "--format", "json"], in: student)
            #expect(run.status == 1, "\(run.output)")
            let summary = try JSONDecoder().decode(JSONSummary.self, from: Data(run.output.utf8))
            #expect(summary.exercises.map(\.id) == ["passing-xctest", "passing-testing", "failing-xctest", "failing-testing"])
            #expect(summary.exercises.map(\.status) == ["passed", "passed", "failed", "passed"])
            #expect(summary.exercises[0].tests.map(\.name).sorted() == ["testNegative", "testSmall"], "the instructor's suite ran")
            #expect(try validateJUnit(junit) == [])
        }
    }

    @Test func watchingAnExerciseGradedInCIOnlySaysWhy() throws {
        _ = try MixedFixture.starters.get()  // prepares the fixture once
        try fixtureLock.withLock { _ in
            _ = try publishEdition()
            let terminal = try PseudoTerminal(gradeExecutable, ["watch", "failing-xctest"], in: Self.edition, environment: [:])
            defer { terminal.stop() }
            try terminal.waitFor("nothing to watch")
            #expect(terminal.output.contains("error: exercise 'failing-xctest' has only hidden suites here: it is graded in CI, so there is nothing to watch"))
            #expect(try terminal.waitForExit() == 2)
        }
    }

    @Test func publishErrors() throws {
        _ = try MixedFixture.starters.get()  // prepares the fixture once
        let root = MixedFixture.course.root
        fixtureLock.withLock { _ in
            let fresh = testBinaryFolder + "/grading-fixtures/unused-edition-\(UUID().uuidString)"
            #expect(throws: GradingError([
                Problem("chapter 'trouble' is a draft; set status=\"published\" on it in course.xml to publish it"),
                Problem("'broken' is an exercise; --chapter takes chapter ids: basics, trouble"),
                Problem("no chapter 'basix' in the course; did you mean 'basics'?"),
            ])) {
                try CoursePublisher(root: root, destination: fresh, chapterIDs: ["trouble", "broken", "basix"]).publish()
            }
            #expect(!FileManager.default.fileExists(atPath: fresh), "nothing written")
            #expect(throws: GradingError("\(root) is not empty; publish into a new or empty folder")) {
                try CoursePublisher(root: root, destination: root).publish()
            }
        }
    }

    @Test func publishRefusesTheCourseItselfUnpublishedCoursesAndUnwritableFolders() throws {
        let tiny = try TinyCourse()
        let inside = tiny.root + "/edition"
        #expect(throws: GradingError("cannot publish into the course itself (\(inside)); choose a folder outside it")) {
            try CoursePublisher(root: tiny.root, destination: inside).publish()
        }
        let drafts = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(of: #"status="published""#, with: #"status="draft""#))
        #expect(throws: GradingError(#"no chapter of course.xml has status="published"; publish one, or name chapters with --chapter"#)) {
            try CoursePublisher(root: drafts.root, destination: drafts.root + "-edition").publish()
        }
        // A regular file where the edition's parent folder should be.
        let file = tiny.root + "-file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            try CoursePublisher(root: tiny.root, destination: file + "/edition").publish()
            Issue.record("publishing under a file should fail")
        } catch {
            #expect(error.description.hasPrefix("error: cannot write the student edition to \(file)/edition: "), "\(error)")
        }
    }

    @Test func hiddenTestsErrors() throws {
        let tiny = try TinyCourse()
        #expect(throws: GradingError("--hidden-tests /nonexistent: no course.xml there; expected the instructor's copy of the course")) {
            try HiddenTestsWorkspace(studentRoot: tiny.root, instructorRoot: "/nonexistent").prepare()
        }
        let edition = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(of: #"version="1.0.0">"#, with: #"version="1.0.0" edition="student">"#))
        #expect(throws: GradingError("--hidden-tests \(edition.root) is a student edition; expected the instructor's copy of the course, which has the hidden suites")) {
            try HiddenTestsWorkspace(studentRoot: tiny.root, instructorRoot: edition.root).prepare()
        }
    }

    /// An edition published with `--chapter` has the starters of those chapters only; the
    /// instructor's other published chapters were graded too, from the instructor's starters,
    /// and failed the student's CI run without a word.
    @Test func chaptersWithoutAStarterInTheStudentsRepositoryAreNamed() throws {
        let instructor = try TinyCourse()
        let student = try TinyCourse()
        let workspace = HiddenTestsWorkspace(studentRoot: student.root, instructorRoot: instructor.root)
        let course = try ManifestReader(root: instructor.root).read()
        #expect(workspace.chaptersNotHandedOut(of: course) == ([], ["basics"]))
        try student.remove("Exercises/basics/adding/Add.swift")
        #expect(workspace.chaptersNotHandedOut(of: course) == (["basics"], []))
        #expect(HiddenTestsWorkspace.notHandedOutNote(missing: [], handedOut: ["basics"], instructorFolder: "../course") == nil)
        #expect(HiddenTestsWorkspace.notHandedOutNote(missing: ["scheduling", "processes"], handedOut: ["threads"], instructorFolder: "../course")
            == "note: this repository has no starter of the instructor's chapters scheduling, processes; they are graded with the instructor's starters, which fail; to grade only the chapters handed out, name them: grade --hidden-tests ../course threads")
    }

    @Test func aFileWhereTheGradingCopyGoesIsAnError() throws {
        let student = try TinyCourse()
        let instructor = try TinyCourse()
        let workspace = HiddenTestsWorkspace(studentRoot: student.root, instructorRoot: instructor.root)
        try student.write(".build-grade/hidden-tests/course", "a file, not the folder of the copy\n")
        #expect {
            _ = try workspace.prepare()
        } throws: { error in
            let message = (error as? GradingError)?.description ?? ""
            let prefix = "error: cannot prepare the grading copy in \(workspace.workRoot): "
            return message.hasPrefix(prefix) && message.count > prefix.count  // and says why
        }
    }

    @Test func publishCommand() throws {
        _ = try MixedFixture.starters.get()  // prepares the fixture once
        let out = testBinaryFolder + "/grading-fixtures/cli-edition-\(UUID().uuidString)"
        let run = try fixtureLock.withLock { _ in
            try runProgram(gradeExecutable, ["publish", "--out", out, "--chapter", "basics"], in: MixedFixture.course.root)
        }
        #expect(run.status == 0)
        #expect(run.output == "Published 1 chapter (basics), 4 exercises, to \(out)\n")
        let again = try fixtureLock.withLock { _ in try runProgram(gradeExecutable, ["publish", "--out", out], in: MixedFixture.course.root) }
        #expect(again.status == 2)
        #expect(again.output == "error: \(out) is not empty; publish into a new or empty folder\n")
        try? FileManager.default.removeItem(atPath: out)
    }
}
