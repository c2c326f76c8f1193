/// A message worded when it is shown, not when it is made: the run stage records what happened
/// (a key and its values), and each report words it in its own language. Results are cached,
/// so one result may be shown in English today and in Chinese tomorrow; a sentence rendered at
/// run time would keep the language of the run that made it.
package indirect enum Message: Sendable, Codable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The text of `key`, its placeholders filled with the values, each worded in turn.
    case keyed(MessageKey, [String: Message])
    /// Text that is the same in every language: a name, a number, a path, or a tool's own words
    /// (the compiler's, a suite's).
    case verbatim(String)
    /// Messages one after another with `separator` between them.
    case joined([Message], separator: Message)

    package init(_ key: MessageKey, _ values: [String: Message] = [:]) {
        self = .keyed(key, values)
    }

    package init(stringLiteral value: String) {
        self = .verbatim(value)
    }

    /// Nothing: an optional part of a sentence that is not there (`{whileRunning}` when no test ran).
    package static let empty = Message.verbatim("")

    package func text(_ language: Language) -> String {
        switch self {
        case .keyed(let key, let values):
            Localizer(language).text(key, values.mapValues { $0.text(language) })
        case .verbatim(let text):
            text
        case .joined(let parts, let separator):
            parts.map { $0.text(language) }.joined(separator: separator.text(language))
        }
    }

    /// The English text, for instructors' tools (`grade verify`, `grade mutate`) and logs.
    package var description: String { text(.en) }
}
