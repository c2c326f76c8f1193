/// The environment the grader gives `swift build`: its own, without the variables a shell
/// changes from one command to the next and no build reads.
///
/// Why: SwiftPM keys its cache of evaluated manifests on the whole environment. One variable
/// that differs makes it compile and run Package.swift and the manifests of the three
/// dependencies again: measured 12-17 s on this 2-core machine under load, against 3-4 s for
/// the whole re-grade of an edited exercise when the cache holds. `_` is the path of the
/// command the shell ran last (`swift` for `swift run grade`, the executable when the built
/// grader is run directly), `OLDPWD` changes with every `cd`, `PWD` with the folder the
/// grader starts in, and terminal multiplexers and editors set one variable per window.
enum BuildEnvironment {
    static let volatileNames: Set<String> = [
        "_", "OLDPWD", "PWD", "SHLVL", "COLUMNS", "LINES", "WINDOWID", "GPG_TTY", "INSIDE_EMACS",
        "INVOCATION_ID", "JOURNAL_STREAM", "TMUX", "TMUX_PANE", "STY", "WINDOW", "VTE_VERSION",
        "WT_SESSION", "KITTY_WINDOW_ID", "WEZTERM_PANE", "ALACRITTY_WINDOW_ID", "GNOME_TERMINAL_SCREEN",
        "COLORTERM", "NO_COLOR",
    ]
    static let volatilePrefixes = ["TERM", "SSH_", "VSCODE_", "ITERM_", "LC_TERMINAL", "XPC_"]

    static func stable(_ environment: [String: String]) -> [String: String] {
        environment.filter { name, _ in
            !volatileNames.contains(name) && !volatilePrefixes.contains { name.hasPrefix($0) }
        }
    }
}
