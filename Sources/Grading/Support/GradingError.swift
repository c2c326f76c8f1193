/// A problem that stops grading before any exercise is graded: a bad manifest, a bad command
/// line, a package that does not match the manifest. The grader exits with status 2 for these.
public struct GradingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var found: [Problem]

    public init(_ found: [Problem]) {
        self.found = found
    }

    public init(_ problem: Problem) {
        found = [problem]
    }

    public init(_ message: String, at place: String? = nil) {
        found = [Problem(message, at: place)]
    }

    /// One line per problem, each ready to print (`file:line:column: error: ...` when the
    /// problem has a place).
    public var problems: [String] { found.map(\.description) }

    public var description: String { problems.joined(separator: "\n") }
}
