import Glibc
import Synchronization

/// The one-line "what is happening now" display on standard error, rewritten in place. Shown
/// only when standard error is a terminal, so logs and CI output stay clean.
public final class ProgressLine: Sendable {
    private let enabled: Bool
    private let shown = Mutex(false)

    public init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    public func show(_ message: String) {
        guard enabled else { return }
        shown.withLock { shown in
            writeToStandardError("\r\u{1B}[K" + "grade: " + message + "…")
            shown = true
        }
    }

    /// Erases the line before the report is printed.
    public func clear() {
        guard enabled else { return }
        shown.withLock { shown in
            if shown { writeToStandardError("\r\u{1B}[K") }
            shown = false
        }
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
