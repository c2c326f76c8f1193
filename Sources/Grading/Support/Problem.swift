/// One thing wrong, for a person to fix: where it is (a file, or `file:line:column`), if it has
/// a place, and what is wrong and what to do. Printed the way compilers print errors, so editors
/// and CI logs link the place: `course.xml:4:5: error: ...`. The one place that writes `error:`.
package struct Problem: Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package var place: String?
    /// What stands before the message: `error: `, or its translation for a message a student
    /// reads in another language (`Localizer.errorLabel`).
    package var label: String

    package init(_ message: String, at place: String? = nil, label: String = "error: ") {
        (self.message, self.place, self.label) = (message, place, label)
    }

    /// A place from a course file and its location in it.
    package init(_ message: String, at location: SourceLocation) {
        self.init(message, at: location.description)
    }

    package var description: String {
        (place.map { $0 + ": " } ?? "") + label + message
    }
}
