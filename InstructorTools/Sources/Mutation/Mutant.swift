/// One mutant of a reference solution: a small change a student could plausibly make, named so
/// that course.xml can refer to it (`<equivalent mutant="...">`) from one run to the next.
public struct Mutant: Codable, Sendable, Equatable {
    /// Chosen at run time by `COURSE_MUTANT=<number>` in the schema; 1, 2, ... in file order.
    public var number: Int
    /// Stable name: `File.swift:line:operator`, with `#2`, `#3` ... for a second site on one line.
    public var id: String
    public var operatorName: String
    public var file: String
    public var line: Int
    /// What the operator did, in one sentence.
    public var description: String
    /// The changed lines, `-` for the reference's and `+` for the mutant's.
    public var diff: String
    /// The lines of the generated schema file that hold this mutant's code (compile errors there
    /// discard the mutant).
    public var schemaLines: ClosedRange<Int>

    public init(number: Int, id: String, operatorName: String, file: String, line: Int,
                description: String, diff: String, schemaLines: ClosedRange<Int>) {
        (self.number, self.id, self.operatorName, self.file, self.line) = (number, id, operatorName, file, line)
        (self.description, self.diff, self.schemaLines) = (description, diff, schemaLines)
    }
}
