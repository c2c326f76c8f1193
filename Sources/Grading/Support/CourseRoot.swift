/// The course's folder, for showing paths as a student reads them: relative to it, and only the
/// course's own files (exercises, solutions, suites), not the runtime's sources or a build's.
struct CourseRoot {
    private let prefix: String

    init(_ root: String) {
        prefix = root.hasSuffix("/") ? root : root + "/"
    }

    /// `path` relative to the course's folder, or unchanged when it is outside.
    func relative(_ path: String) -> String {
        path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Whether `path` is one of the course's own files: where a student looks in a backtrace or
    /// a race report (the runtime in Sources/ and the build folders are not).
    func isOwnFile(_ path: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        let inside = path.dropFirst(prefix.count)
        return !inside.hasPrefix("Sources/") && !inside.hasPrefix(".build")
    }
}
