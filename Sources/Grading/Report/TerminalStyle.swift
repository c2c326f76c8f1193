import Glibc

/// Colours for the terminal report: only when standard output is a terminal that understands
/// escape sequences (not `TERM=dumb`) and `NO_COLOR` is not set to a non-empty value
/// (https://no-color.org).
package struct TerminalStyle: Sendable {
    package var colors: Bool

    package init(colors: Bool) {
        self.colors = colors
    }

    /// The style for this process's standard output and environment.
    package static func detect(environment: [String: String]) -> TerminalStyle {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let terminal = TerminalCapabilities.of(STDOUT_FILENO, environment: environment)
        return TerminalStyle(colors: terminal.understandsEscapes && !noColor)
    }

    func green(_ text: String) -> String { paint(text, "32") }
    func red(_ text: String) -> String { paint(text, "31") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
