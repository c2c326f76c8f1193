/// Where the grader keeps what it makes in a course: its builds, cached results, run folders
/// and the student's progress. One folder, ignored by git (`.build*/`), named here only.
public enum StateFolder {
    public static let name = ".build-grade"

    /// The state folder of the course at `root`.
    public static func of(_ root: String) -> String { root + "/" + name }
}
