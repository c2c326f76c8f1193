import Foundation
import Glibc
import Synchronization

/// The one-line "what is happening now" display on standard error, rewritten in place. Shown
/// only when standard error is a terminal that understands escape sequences, so logs, CI
/// output and dumb terminals stay clean. `NO_COLOR` does not turn it off: it has no colour.
package final class ProgressLine: Sendable {
    private let enabled: Bool
    /// The line is cut to this many characters: a line that wraps cannot be erased by "\r",
    /// which only returns to the start of the last row, so every update would leave a row behind.
    private let width: Int?
    private let shown = Mutex(false)

    package convenience init() {
        self.init(terminal: .of(STDERR_FILENO, environment: ProcessInfo.processInfo.environment))
    }

    package init(terminal: TerminalCapabilities) {
        enabled = terminal.understandsEscapes
        // One column spare: writing into the last one makes some terminals wrap at once.
        width = terminal.columns.map { max(1, $0 - 1) }
    }

    package func show(_ message: String) {
        guard enabled else { return }
        let text = Self.fitted("grade: " + message + "…", to: width)
        shown.withLock { shown in
            writeToStandardError("\r\u{1B}[K" + text)
            shown = true
        }
    }

    /// Erases the line before the report is printed.
    package func clear() {
        guard enabled else { return }
        shown.withLock { shown in
            if shown { writeToStandardError("\r\u{1B}[K") }
            shown = false
        }
    }

    /// Cut to `width` terminal columns (a Chinese character takes two).
    static func fitted(_ text: String, to width: Int?) -> String {
        guard let width, DisplayWidth.of(text) > width else { return text }
        return DisplayWidth.prefix(text, columns: width - 1) + "…"
    }
}

/// Unbuffered, so the progress line and the report never interleave out of order.
func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if written <= 0 { return }
        bytes = bytes.dropFirst(written)
    }
}
