import Glibc

/// What a file descriptor's terminal can show, read once: whether it is a terminal at all,
/// whether it understands escape sequences, and how wide it is.
///
/// `TERM=dumb` is what editors' shells (Emacs' `M-x shell`, some IDE consoles) set for a
/// terminal that prints escape sequences as garbage, so neither colours nor the progress line's
/// "erase line" are sent there.
package struct TerminalCapabilities: Sendable, Equatable {
    package var isTerminal: Bool
    package var understandsEscapes: Bool
    /// Columns, or nil when the width is unknown (not a terminal, or it reports 0).
    package var columns: Int?

    package init(isTerminal: Bool, understandsEscapes: Bool, columns: Int?) {
        (self.isTerminal, self.understandsEscapes, self.columns) = (isTerminal, understandsEscapes, columns)
    }

    package static func of(_ descriptor: Int32, environment: [String: String]) -> TerminalCapabilities {
        let isTerminal = isatty(descriptor) == 1
        return TerminalCapabilities(
            isTerminal: isTerminal,
            understandsEscapes: isTerminal && environment["TERM"] != "dumb",
            columns: isTerminal ? width(of: descriptor) : nil)
    }

    private static func width(of descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
