/// The names of the `grade` subcommands (and `help`). `grade <id>` grades an exercise or chapter,
/// so an id spelled like a subcommand would be ambiguous: the manifest reader refuses such ids.
/// A self-test reads the subcommands from `grade --help` and checks this list against them.
package enum CommandNames {
    package static let reserved: [String] = [
        "exercises", "help", "hint", "list", "new", "next", "publish", "reset", "verify", "watch", "mutate",
    ]
}

extension ManifestConsistency {
    /// One problem per chapter or exercise id that is also a subcommand name.
    func reservedIDProblems(in course: Course) -> [Problem] {
        let ids = course.chapters.map { ($0.id, 1) } + course.exercises.map { ($0.id, $0.location.line) }
        return ids.filter { CommandNames.reserved.contains($0.0) }.map { id, line in
            let found = text.location(of: "id=\"\(id)\"", from: line) ?? (line, 1)
            return Problem("id '\(id)' is also the name of the command 'grade \(id)', so 'grade \(id)' would be ambiguous; choose another id", at: "\(displayName):\(found.line):\(found.column)")
        }
    }
}
