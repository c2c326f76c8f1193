/// Where the grader keeps what it makes in a course: its builds, cached results, run folders
/// and the student's progress. One folder, ignored by git (`.build*/`), named here only.
package enum StateFolder {
    package static let name = ".build-grade"

    /// The state folder of the course at `root`.
    package static func of(_ root: String) -> String { root + "/" + name }
}
