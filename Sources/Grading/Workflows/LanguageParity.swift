import Foundation

/// Part of `grade verify`: every language of the course has everything the others have.
///
/// A language counts as one of the course's as soon as one text is translated into it. From then
/// on the course title, every chapter (title and lesson), every exercise title and every hint
/// needs its translation, and each translated lesson has the original's sections, at the same
/// levels and in the same order, with a section for each of the chapter's exercises. Titles of
/// sections are not compared (they are in different languages); their number and levels are.
struct LanguageParity {
    let root: String
    let manifest: String

    init(root: String, manifest: String = "course.xml") {
        (self.root, self.manifest) = (root, manifest)
    }

    func problems(in course: Course) -> [Problem] {
        let original = course.language
        var problems: [Problem] = []
        for language in course.languages.dropFirst() {
            if course.translatedTitles[language] == nil {
                problems.append(Problem("the course has no \(language) title; add <translation xml:lang=\"\(language)\" title=\"...\"/> as the first child of <course>", at: "\(manifest)"))
            }
            for chapter in course.chapters {
                problems += chapterProblems(chapter, language: language, original: original)
            }
        }
        return problems + selfTranslations(in: course)
    }

    private func chapterProblems(_ chapter: Chapter, language: String, original: String) -> [Problem] {
        var problems: [Problem] = []
        if chapter.translatedTitles[language] == nil || chapter.translatedLessons[language] == nil {
            problems.append(Problem("chapter '\(chapter.id)' has no \(language) translation; add <translation xml:lang=\"\(language)\" title=\"...\" lesson=\"...\"/> as the first child of the chapter", at: "\(chapter.location)"))
        }
        for exercise in chapter.exercises {
            if exercise.translatedTitles[language] == nil {
                problems.append(Problem("exercise '\(exercise.id)' has no \(language) title; add <translation xml:lang=\"\(language)\" title=\"...\"/> as the first child of the exercise", at: "\(exercise.location)"))
            }
            let translated = exercise.translatedHints[language]?.count ?? 0
            if translated != exercise.hints.count {
                problems.append(Problem("exercise '\(exercise.id)' has \(exercise.hints.count) hint(s) in \(original) but \(translated) in \(language); give every hint its translation, a <hint xml:lang=\"\(language)\"> right after the original", at: "\(exercise.location)"))
            }
        }
        if let translatedLesson = chapter.translatedLessons[language] {
            problems += lessonProblems(chapter, translated: translatedLesson, language: language, original: original)
        }
        return problems
    }

    /// The translated lesson has the original's sections (same levels, same order) and a
    /// section for every exercise of the chapter.
    private func lessonProblems(_ chapter: Chapter, translated path: String, language: String, original: String) -> [Problem] {
        guard let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8), !text.trimmingSpaces().isEmpty else {
            return [Problem("the \(language) lesson of chapter '\(chapter.id)' is missing or empty; translate \(chapter.lesson) into it", at: path)]
        }
        var problems: [Problem] = []
        let originalText = (try? String(contentsOfFile: root + "/" + chapter.lesson, encoding: .utf8)) ?? ""
        let mine = Self.headings(in: originalText)
        let theirs = Self.headings(in: text)
        if let difference = Self.firstDifference(mine, theirs) {
            let what: String
            switch (difference.original, difference.translated) {
            case let (wanted?, found?):
                what = "its section \(difference.index + 1) is '\(found.text)' (line \(found.line)) where the \(original) lesson has '\(wanted.text)' (\(chapter.lesson):\(wanted.line)), a heading of another level"
            case let (wanted?, nil):
                what = "it lacks the \(original) lesson's section \(difference.index + 1), '\(wanted.text)' (\(chapter.lesson):\(wanted.line)), and those after it"
            case let (nil, found?):
                what = "it has a section the \(original) lesson lacks: '\(found.text)' (line \(found.line))"
            case (nil, nil):
                what = ""
            }
            problems.append(Problem("the \(language) lesson's sections do not match the \(original) lesson's: \(what); give both the same sections in the same order", at: "\(path)"))
        }
        for exercise in chapter.exercises where !CourseVerifier.hasSection(for: exercise, in: text) {
            problems.append(Problem("the \(language) lesson has no section for exercise '\(exercise.id)'; add a heading with the id, as in \(chapter.lesson)", at: "\(path)"))
        }
        return problems
    }

    /// `<translation xml:lang>` into the course's own language translates nothing.
    private func selfTranslations(in course: Course) -> [Problem] {
        var problems: [Problem] = []
        let language = course.language
        if course.translatedTitles[language] != nil {
            problems.append(Problem("the course has a translation into \(language), its own language; remove it or change its xml:lang", at: "\(manifest)"))
        }
        for chapter in course.chapters where chapter.translatedTitles[language] != nil {
            problems.append(Problem("chapter '\(chapter.id)' has a translation into \(language), the course's own language; remove it or change its xml:lang", at: "\(chapter.location)"))
        }
        for exercise in course.exercises where exercise.translatedTitles[language] != nil {
            problems.append(Problem("exercise '\(exercise.id)' has a translation into \(language), the course's own language; remove it or change its xml:lang", at: "\(exercise.location)"))
        }
        return problems
    }

    struct Heading: Equatable {
        var level: Int
        var text: String
        var line: Int
    }

    /// The Markdown headings (`#` to `######` at the start of a line), outside fenced code.
    static func headings(in text: String) -> [Heading] {
        var found: [Heading] = []
        var fenced = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { fenced.toggle(); continue }
            guard !fenced, line.hasPrefix("#") else { continue }
            let level = line.prefix(while: { $0 == "#" }).count
            guard level <= 6, line.dropFirst(level).first == " " else { continue }
            found.append(Heading(level: level, text: String(line), line: index + 1))
        }
        return found
    }

    /// Where the two lessons' section levels first differ, if they do.
    static func firstDifference(_ original: [Heading], _ translated: [Heading]) -> (index: Int, original: Heading?, translated: Heading?)? {
        for index in 0..<max(original.count, translated.count) {
            let left = index < original.count ? original[index] : nil
            let right = index < translated.count ? translated[index] : nil
            if left?.level != right?.level { return (index, left, right) }
        }
        return nil
    }
}
