/// A problem that stops grading before any exercise is graded: a bad manifest, a bad command
/// line, a package that does not match the manifest. The grader exits with status 2 for these.
public struct GradingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line per problem, each ready to print (`file:line:column: error: ...` when the
    /// problem has a place).
    public var problems: [String]

    public init(_ problems: [String]) {
        self.problems = problems
    }

    public init(_ problem: String) {
        self.problems = [problem]
    }

    public var description: String { problems.joined(separator: "\n") }
}
