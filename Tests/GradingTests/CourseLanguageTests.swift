import Foundation
import Testing
@testable import Grading

/// The course in two languages: translations in course.xml, the parity `grade verify` checks,
/// and a student edition that carries both.
@Suite struct CourseLanguageTests {
    /// The tiny course with a hint, translated into Chinese.
    static let bilingualXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <course id="tiny" title="Tiny" version="1.0.0">
          <translation xml:lang="zh" title="小课程"/>
          <chapter id="basics" title="Basics" lesson="Exercises/basics/lesson.md" status="published">
            <translation xml:lang="zh" title="基础" lesson="Exercises/basics/lesson.zh.md"/>
            <exercise id="adding" title="Adding" module="Adding" points="1">
              <translation xml:lang="zh" title="加法"/>
              <starter>Exercises/basics/adding/Add.swift</starter>
              <solution>Solutions/basics/adding/Add.swift</solution>
              <suite target="AddingTests" framework="swift-testing" path="Tests/basics/adding"/>
              <hint>Use +.</hint>
              <hint xml:lang="zh">用 +。</hint>
              <hint>Return `a + b`.</hint>
              <hint xml:lang="zh">返回 `a + b`。</hint>
            </exercise>
          </chapter>
        </course>

        """

    static let lesson = "# Basics\n\n## The idea\n\n```sh\n# not a heading\n```\n\n## Exercises\n\n### adding: add two numbers\n"
    static let lessonZH = "# 基础\n\n## 基本概念\n\n```sh\n# not a heading\n```\n\n## 练习\n\n### adding：两数相加\n"

    private func bilingual(_ xml: String = bilingualXML, lessonZH: String? = CourseLanguageTests.lessonZH) throws -> TinyCourse {
        let tiny = try TinyCourse(courseXML: xml)
        try tiny.write("Exercises/basics/lesson.md", Self.lesson)
        if let lessonZH { try tiny.write("Exercises/basics/lesson.zh.md", lessonZH) }
        return tiny
    }

    private func problems(_ tiny: TinyCourse) throws -> [String] {
        let course = try tiny.course()
        return CourseVerifier(root: tiny.root).staticProblems(in: course)
    }

    @Test func translationsAreReadByLanguage() throws {
        let course = try bilingual().course()
        #expect(course.language == "en" && course.languages == ["en", "zh"])
        #expect(course.title(in: "zh") == "小课程" && course.title(in: "en") == "Tiny")
        let chapter = try #require(course.chapters.first)
        #expect(chapter.title(in: "zh") == "基础" && chapter.lesson(in: "zh") == "Exercises/basics/lesson.zh.md")
        #expect(chapter.lesson(in: "en") == "Exercises/basics/lesson.md")
        let exercise = try #require(course.exercises.first)
        #expect(exercise.hints == ["Use +.", "Return `a + b`."], "untagged hints are the course's own")
        #expect(exercise.hints(in: "zh") == ["用 +。", "返回 `a + b`。"])
        #expect(exercise.title(in: "zh") == "加法" && exercise.title(in: "fr") == "Adding", "no translation: the original")
    }

    @Test func aCompleteTranslationHasNoProblems() throws {
        let tiny = try bilingual()
        let tinyProblems = try problems(tiny)
        #expect(tinyProblems == [])
    }

    @Test func theSchemaChecksLanguageCodesAndWhereTranslationsGo() throws {
        let badCode = try bilingual(Self.bilingualXML.replacingOccurrences(of: #"<hint xml:lang="zh">用"#, with: #"<hint xml:lang="Chinese">用"#))
        #expect(badCode.manifestProblems() == [
            "course.xml:12:7: error: Element 'hint', attribute '{http://www.w3.org/XML/1998/namespace}lang': [facet 'pattern'] The value 'Chinese' is not accepted by the pattern '[a-z]{2,3}(-[A-Za-z0-9]{1,8})*'.",
        ])
        let noTitle = try bilingual(Self.bilingualXML.replacingOccurrences(of: #"<translation xml:lang="zh" title="加法"/>"#, with: #"<translation xml:lang="zh"/>"#))
        #expect(noTitle.manifestProblems() == [
            "course.xml:7:7: error: Element 'translation': The attribute 'title' is required but missing.",
        ])
    }

    @Test func verifyNamesWhatOneLanguageLacks() throws {
        let missingHint = try bilingual(Self.bilingualXML.replacingOccurrences(of: "      <hint xml:lang=\"zh\">返回 `a + b`。</hint>\n", with: ""))
        let missingHintProblems = try problems(missingHint)
        #expect(missingHintProblems == [
            "course.xml:6:5: error: exercise 'adding' has 2 hint(s) in en but 1 in zh; give every hint its translation, a <hint xml:lang=\"zh\"> right after the original",
        ])
        let missingTitles = try bilingual(Self.bilingualXML
            .replacingOccurrences(of: "      <translation xml:lang=\"zh\" title=\"加法\"/>\n", with: "")
            .replacingOccurrences(of: "  <translation xml:lang=\"zh\" title=\"小课程\"/>\n", with: ""))
        let missingTitlesProblems = try problems(missingTitles)
        #expect(missingTitlesProblems == [
            "course.xml: error: the course has no zh title; add <translation xml:lang=\"zh\" title=\"...\"/> as the first child of <course>",
            "course.xml:5:5: error: exercise 'adding' has no zh title; add <translation xml:lang=\"zh\" title=\"...\"/> as the first child of the exercise",
        ])
        let missingChapter = try bilingual(Self.bilingualXML.replacingOccurrences(
            of: "    <translation xml:lang=\"zh\" title=\"基础\" lesson=\"Exercises/basics/lesson.zh.md\"/>\n", with: ""))
        let missingChapterProblems = try problems(missingChapter)
        #expect(missingChapterProblems == [
            "course.xml:4:3: error: chapter 'basics' has no zh translation; add <translation xml:lang=\"zh\" title=\"...\" lesson=\"...\"/> as the first child of the chapter",
        ])
        let intoItself = try bilingual(Self.bilingualXML.replacingOccurrences(of: #"<translation xml:lang="zh" title="加法"/>"#, with: #"<translation xml:lang="en" title="Adding up"/>"#))
        let intoItselfProblems = try problems(intoItself)
        #expect(intoItselfProblems == [
            "course.xml:6:5: error: exercise 'adding' has no zh title; add <translation xml:lang=\"zh\" title=\"...\"/> as the first child of the exercise",
            "course.xml:6:5: error: exercise 'adding' has a translation into en, the course's own language; remove it or change its xml:lang",
        ])
    }

    @Test func verifyComparesTheLessonsSections() throws {
        let noLesson = try bilingual(lessonZH: nil)
        let noLessonProblems = try problems(noLesson)
        #expect(noLessonProblems == [
            "Exercises/basics/lesson.zh.md: error: the zh lesson of chapter 'basics' is missing or empty; translate Exercises/basics/lesson.md into it",
        ])
        let shorter = try bilingual(lessonZH: "# 基础\n\n## 基本概念\n\n### adding：两数相加\n")
        let shorterProblems = try problems(shorter)
        #expect(shorterProblems == [
            "Exercises/basics/lesson.zh.md: error: the zh lesson's sections do not match the en lesson's: its section 3 is '### adding：两数相加' (line 5) where the en lesson has '## Exercises' (Exercises/basics/lesson.md:9), a heading of another level; give both the same sections in the same order",
        ])
        let lacking = try bilingual(lessonZH: "# 基础\n\n## 基本概念\n")
        let lackingProblems = try problems(lacking)
        #expect(lackingProblems == [
            "Exercises/basics/lesson.zh.md: error: the zh lesson's sections do not match the en lesson's: it lacks the en lesson's section 3, '## Exercises' (Exercises/basics/lesson.md:9), and those after it; give both the same sections in the same order",
            "Exercises/basics/lesson.zh.md: error: the zh lesson has no section for exercise 'adding'; add a heading with the id, as in Exercises/basics/lesson.md",
        ])
        let longer = try bilingual(lessonZH: Self.lessonZH + "\n## 常见错误\n")
        let longerProblems = try problems(longer)
        #expect(longerProblems == [
            "Exercises/basics/lesson.zh.md: error: the zh lesson's sections do not match the en lesson's: it has a section the en lesson lacks: '## 常见错误' (line 13); give both the same sections in the same order",
        ])
    }

    @Test func theStudentEditionCarriesBothLanguages() throws {
        let tiny = try bilingual()
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("bilingual-edition-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: destination) }
        try CoursePublisher(root: tiny.root, destination: destination).publish()

        #expect(FileManager.default.fileExists(atPath: destination + "/Exercises/basics/lesson.zh.md"))
        let xml = try String(contentsOfFile: destination + "/course.xml", encoding: .utf8)
        #expect(xml.contains("""
                  <hint>Use +.</hint>
                  <hint xml:lang="zh">用 +。</hint>
                  <hint>Return `a + b`.</hint>
                  <hint xml:lang="zh">返回 `a + b`。</hint>

            """), "each translation right after its original")
        let edition = try ManifestReader(root: destination).read()
        let original = try tiny.course()
        #expect(edition.languages == ["en", "zh"] && edition.translatedTitles == original.translatedTitles)
        #expect(edition.chapters.map(\.translatedTitles) == original.chapters.map(\.translatedTitles))
        #expect(edition.chapters.map(\.translatedLessons) == original.chapters.map(\.translatedLessons))
        #expect(edition.exercises.map(\.translatedTitles) == original.exercises.map(\.translatedTitles))
        #expect(edition.exercises.map(\.translatedHints) == original.exercises.map(\.translatedHints))
        #expect(LanguageParity(root: destination).problems(in: edition) == [])
        let readme = try String(contentsOfFile: destination + "/README.md", encoding: .utf8)
        #expect(readme.contains("- **基础**（课文：`Exercises/basics/lesson.zh.md`）\n  - `adding`：加法，1 分，编辑 `Exercises/basics/adding/Add.swift`（在 CI 中评分）\n"))
    }

    @Test func theRealCourseIsCompleteInBothLanguages() throws {
        let course = try ManifestReader(root: mainRoot).read()
        #expect(course.languages == ["en", "zh"])
        #expect(LanguageParity(root: mainRoot).problems(in: course) == [])
    }
}
