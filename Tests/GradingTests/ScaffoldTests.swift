import Foundation
import Testing
@testable import Grading

/// `grade new`: what it writes is accepted by the manifest reader, Package.swift's check and
/// verify's checks on files, hints and lessons.
@Suite struct ScaffoldTests {
    static let hintedXML = TinyCourse.validXML.replacingOccurrences(
        of: "    </exercise>", with: "      <hint>Add them.</hint>\n    </exercise>")

    @Test func newExerciseIsAcceptedAsItIs() throws {
        let tiny = try TinyCourse(courseXML: Self.hintedXML)
        try tiny.write("Exercises/basics/lesson.md", "# Basics\n\n## Adding\n")
        let files = try ExerciseScaffold(root: tiny.root, chapterID: "basics", exerciseID: "bounded-sum").create()
        #expect(files == [
            "Exercises/basics/bounded-sum/BoundedSum.swift", "Solutions/basics/bounded-sum/BoundedSum.swift",
            "Tests/Exercises/basics/bounded-sum/BoundedSumTests.swift", "Exercises/basics/lesson.md", "course.xml", "Package.swift",
        ])
        let course = try tiny.course()
        let exercise = try #require(course.exercises.last)
        #expect(exercise.id == "bounded-sum" && exercise.module == "BoundedSum" && exercise.chapterID == "basics")
        #expect(exercise.suites == [Suite(target: "BoundedSumTests", path: "Tests/Exercises/basics/bounded-sum", framework: .swiftTesting, visibility: .hidden)])
        #expect(PackageAgreement(root: tiny.root).problems(for: course) == [])
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: course) == [])
        // Inside the list, not after its closing bracket (which would not compile).
        let package = try String(contentsOfFile: tiny.root + "/Package.swift", encoding: .utf8)
        #expect(package.hasSuffix("""
                \(PackageAgreement.line(for: exercise))
            ]
            // END course exercises

            """), "\(package)")
        let lesson = try String(contentsOfFile: tiny.root + "/Exercises/basics/lesson.md", encoding: .utf8)
        #expect(lesson == "# Basics\n\n## Adding\n\n## bounded-sum: Bounded sum\n\nTODO: the part of the lesson this exercise practises.\n")
    }

    /// In a translated course with the lessons' common structure, the new section is the last of
    /// `## Exercises` in every language, and every language gets placeholders.
    @Test func newExerciseInATranslatedCourse() throws {
        let tiny = try TinyCourse(courseXML: CourseLanguageTests.bilingualXML)
        try tiny.write("Exercises/basics/lesson.md", CourseLanguageTests.lesson + "\n## Common mistakes\n\n- None.\n")
        try tiny.write("Exercises/basics/lesson.zh.md", CourseLanguageTests.lessonZH + "\n## 常见错误\n\n- 没有。\n")
        let files = try ExerciseScaffold(root: tiny.root, chapterID: "basics", exerciseID: "bounded-sum").create()
        #expect(files.contains("Exercises/basics/lesson.zh.md"))
        let course = try tiny.course()
        #expect(CourseVerifier(root: tiny.root).staticProblems(in: course) == [])
        let exercise = try #require(course.exercises.last)
        #expect(exercise.title(in: "zh") == "TODO: Bounded sum" && exercise.hints(in: "zh") == ["TODO: the first hint, translated."])
        let lesson = try String(contentsOfFile: tiny.root + "/Exercises/basics/lesson.md", encoding: .utf8)
        #expect(lesson.hasSuffix("### adding: add two numbers\n\n### bounded-sum: Bounded sum\n\nTODO: the part of the lesson this exercise practises.\n\n## Common mistakes\n\n- None.\n"))
        let lessonZH = try String(contentsOfFile: tiny.root + "/Exercises/basics/lesson.zh.md", encoding: .utf8)
        #expect(lessonZH.hasSuffix("### adding：两数相加\n\n### bounded-sum: TODO\n\nTODO: the section of Exercises/basics/lesson.md, translated.\n\n## 常见错误\n\n- 没有。\n"))
    }

    @Test func badRequestsSayWhatToDo() throws {
        let tiny = try TinyCourse()
        let cases: [(String, String, String)] = [
            ("basix", "subtracting", "no chapter 'basix' in course.xml; did you mean 'basics'?"),
            ("basics", "Bad_Id", "'Bad_Id' is not a valid exercise id; use lower-case words joined by hyphens, like bounded-buffer"),
            ("basics", "watch", "'watch' is the name of the command 'grade watch'; choose another id"),
            ("basics", "adding", "the id 'adding' is already used in course.xml; choose another"),
        ]
        for (chapter, exercise, message) in cases {
            #expect(throws: GradingError(message)) {
                try ExerciseScaffold(root: tiny.root, chapterID: chapter, exerciseID: exercise).create()
            }
        }
        // An exercise whose module is not named after its id still owns that module name.
        let renamed = try TinyCourse(courseXML: TinyCourse.validXML.replacingOccurrences(of: #"id="adding""#, with: #"id="sum""#))
        #expect(throws: GradingError("the module Adding is already used in course.xml; choose another exercise id")) {
            try ExerciseScaffold(root: renamed.root, chapterID: "basics", exerciseID: "adding").create()
        }
        try tiny.write("Tests/Exercises/basics/subtracting/Old.swift", "\n")
        #expect(throws: GradingError("Tests/Exercises/basics/subtracting already exists; remove it or choose another exercise id")) {
            try ExerciseScaffold(root: tiny.root, chapterID: "basics", exerciseID: "subtracting").create()
        }
    }

    @Test func newCommand() throws {
        let tiny = try TinyCourse()
        let run = try runProgram(gradeExecutable, ["new", "basics", "subtracting"], in: tiny.root)
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("Created exercise 'subtracting' in chapter 'basics'. Fill in the TODOs in:\n  Exercises/basics/subtracting/Subtracting.swift\n"))
        #expect(run.output.hasSuffix("then check it with: swift run grade verify\n"))
        let again = try runProgram(gradeExecutable, ["new", "basics", "subtracting"], in: tiny.root)
        #expect(again.status == 2)
        #expect(again.output == "error: the id 'subtracting' is already used in course.xml; choose another\n")
    }
}
