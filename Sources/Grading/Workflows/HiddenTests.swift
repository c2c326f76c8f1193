import Foundation

/// `grade --hidden-tests DIR`: grades a student's repository with the instructor's course.
///
/// DIR is the instructor's checkout. The grader copies it (without its build state and version
/// control) to `<student>/.build-grade/hidden-tests/course`, puts the student's starter files
/// into that copy and grades the published chapters there. Only starter files come from the
/// student: suites, course.xml, Package.swift and the runtime are the instructor's, whatever the
/// student's repository contains, and the copy keeps its build state between runs.
package struct HiddenTestsWorkspace: Sendable {
    package var studentRoot: String
    package var instructorRoot: String

    package init(studentRoot: String, instructorRoot: String) {
        (self.studentRoot, self.instructorRoot) = (studentRoot, instructorRoot)
    }

    package var workRoot: String { StateFolder.of(studentRoot) + "/hidden-tests/course" }

    /// Prepares the copy; returns the ids of the exercises to grade there (those of the
    /// instructor's published chapters) and the instructor's course they come from.
    package func prepare() throws(GradingError) -> (exerciseIDs: [String], course: Course) {
        let manager = FileManager.default
        guard manager.fileExists(atPath: instructorRoot + "/course.xml") else {
            throw GradingError("--hidden-tests \(instructorRoot): no course.xml there; expected the instructor's copy of the course")
        }
        let course = try ManifestReader(root: instructorRoot, displayName: instructorRoot + "/course.xml").read()
        if course.edition == .student {
            throw GradingError("--hidden-tests \(instructorRoot) is a student edition; expected the instructor's copy of the course, which has the hidden suites")
        }
        do {
            try manager.createDirectory(atPath: workRoot, withIntermediateDirectories: true)
            // Fresh sources every run; the build state (.build-grade) stays.
            for item in try manager.contentsOfDirectory(atPath: workRoot) where item != StateFolder.name {
                try manager.removeItem(atPath: workRoot + "/" + item)
            }
            for item in try manager.contentsOfDirectory(atPath: instructorRoot) where !CoursePublisher.isBuildOrVersionControl(item) {
                try manager.copyItem(atPath: instructorRoot + "/" + item, toPath: workRoot + "/" + item)
            }
            let published = course.chapters.filter { $0.status == .published }.flatMap(\.exercises)
            for exercise in published {
                for starter in exercise.starters where manager.fileExists(atPath: studentRoot + "/" + starter) {
                    try manager.removeItem(atPath: workRoot + "/" + starter)
                    try manager.copyItem(atPath: studentRoot + "/" + starter, toPath: workRoot + "/" + starter)
                }
            }
            return (published.map(\.id), course)
        } catch {
            throw GradingError("cannot prepare the grading copy in \(workRoot): \(error.localizedDescription)")
        }
    }

    /// The instructor's published chapters of which the student's repository has no starter
    /// file at all: an edition published with `--chapter` leaves them out, and graded anyway
    /// (from the instructor's starters) they fail, though the student never had them.
    package func chaptersNotHandedOut(of course: Course) -> (missing: [String], handedOut: [String]) {
        var missing: [String] = []
        var handedOut: [String] = []
        for chapter in course.chapters where chapter.status == .published {
            let starters = chapter.exercises.flatMap(\.starters)
            if starters.contains(where: { FileManager.default.fileExists(atPath: studentRoot + "/" + $0) }) {
                handedOut.append(chapter.id)
            } else {
                missing.append(chapter.id)
            }
        }
        return (missing, handedOut)
    }

    /// What `grade --hidden-tests` prints when it grades chapters the student does not have.
    package static func notHandedOutNote(missing: [String], handedOut: [String], instructorFolder: String) -> String? {
        guard !missing.isEmpty else { return nil }
        let chapters = missing.count == 1 ? "chapter" : "chapters"
        var note = "note: this repository has no starter of the instructor's \(chapters) \(missing.joined(separator: ", ")); "
            + "\(missing.count == 1 ? "it is" : "they are") graded with the instructor's starters, which fail"
        if !handedOut.isEmpty {
            note += "; to grade only the chapters handed out, name them: grade --hidden-tests \(instructorFolder) \(handedOut.joined(separator: " "))"
        }
        return note
    }
}
