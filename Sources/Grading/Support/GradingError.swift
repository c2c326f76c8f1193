/// A problem that stops grading before any exercise is graded: a bad manifest, a bad command
/// line, a package that does not match the manifest. The grader exits with status 2 for these.
package struct GradingError: Error, Sendable, Equatable, CustomStringConvertible {
    package var found: [Problem]

    package init(_ found: [Problem]) {
        self.found = found
    }

    package init(_ problem: Problem) {
        found = [problem]
    }

    package init(_ message: String, at place: String? = nil) {
        found = [Problem(message, at: place)]
    }

    /// One line per problem, each ready to print (`file:line:column: error: ...` when the
    /// problem has a place).
    package var problems: [String] { found.map(\.description) }

    package var description: String { problems.joined(separator: "\n") }
}
