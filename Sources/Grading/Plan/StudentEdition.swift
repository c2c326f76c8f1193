import Foundation

/// What a student edition (`grade publish`, course.xml's `edition="student"`) changes in how a
/// course is read: it has no solutions and no hidden suites. Its course.xml still declares the
/// hidden suites (so the student sees what is graded in CI, and Package.swift's exercise lines
/// stay the instructor's); the suites whose folders are not there move to `gradedInCI`, and an
/// exercise left without suites is graded in CI only.
package enum StudentEdition {
    static func separatingCISuites(of course: Course, root: String) -> Course {
        var course = course
        for chapter in course.chapters.indices {
            for index in course.chapters[chapter].exercises.indices {
                var exercise = course.chapters[chapter].exercises[index]
                let absent = exercise.suites.filter { $0.visibility == .hidden && !folderExists(root + "/" + $0.path) }
                exercise.suites.removeAll { absent.contains($0) }
                exercise.gradedInCI = absent
                course.chapters[chapter].exercises[index] = exercise
            }
        }
        return course
    }

    /// The exercises of `course` graded (in part or whole) by hidden suites in CI, for the
    /// note under the report.
    package static func ciNote(for course: Course, language: Language = .en) -> String? {
        let words = Localizer(language)
        let hidden = course.exercises.filter { !$0.gradedInCI.isEmpty }
        guard !hidden.isEmpty else { return nil }
        let names = hidden.map { $0.suites.isEmpty ? $0.id : words[.ciNoteInPart, ["exercise": $0.id]] }
        return words[.ciNote, ["exercises": names.joined(separator: language == .zh ? "、" : ", ")]] + "\n"
    }

    static func folderExists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
