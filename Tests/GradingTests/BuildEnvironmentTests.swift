import Testing
@testable import Grading

/// The grader's `swift build` gets the same environment however and wherever the grader was
/// started, so SwiftPM's manifest cache (keyed on the environment) holds from run to run.
struct BuildEnvironmentTests {
    /// Two shells' environments: `swift run grade` from the course root, and the built grader
    /// run from a subfolder of another terminal window after a `cd`.
    static let fromSwiftRun = [
        "PATH": "/opt/swift/usr/bin:/usr/bin", "HOME": "/home/student", "LANG": "C.UTF-8",
        "_": "/opt/swift/usr/bin/swift", "PWD": "/home/student/course", "OLDPWD": "/home/student",
        "SHLVL": "1", "TERM": "xterm-256color", "TERM_SESSION_ID": "w0t0p0", "TMUX_PANE": "%1",
        "SSH_TTY": "/dev/pts/1", "VSCODE_GIT_IPC_HANDLE": "/tmp/vscode-git-1.sock", "COLUMNS": "80",
    ]
    static let fromBuiltGrader = [
        "PATH": "/opt/swift/usr/bin:/usr/bin", "HOME": "/home/student", "LANG": "C.UTF-8",
        "_": "/home/student/course/.build/debug/grade", "PWD": "/home/student/course/Exercises",
        "OLDPWD": "/home/student/course", "SHLVL": "2", "TERM": "screen", "TMUX_PANE": "%2",
        "SSH_TTY": "/dev/pts/2", "VSCODE_GIT_IPC_HANDLE": "/tmp/vscode-git-2.sock", "LINES": "50",
    ]

    @Test func volatileShellVariablesAreLeftOut() {
        #expect(BuildEnvironment.stable(Self.fromSwiftRun) == ["PATH": "/opt/swift/usr/bin:/usr/bin", "HOME": "/home/student", "LANG": "C.UTF-8"])
        #expect(BuildEnvironment.stable(Self.fromSwiftRun) == BuildEnvironment.stable(Self.fromBuiltGrader))
    }

    @Test func whatABuildReadsIsKept() {
        let build = ["PATH": "/usr/bin", "CC": "clang", "SWIFTPM_ENABLE_PLUGINS": "1", "TMPDIR": "/var/tmp",
                     "HTTPS_PROXY": "http://proxy:3128", "COURSE_GRADE_SOURCES": "starters"]
        #expect(BuildEnvironment.stable(build) == build)
        #expect(BuildEnvironment.stable(["PATH": "/usr/bin"]) != BuildEnvironment.stable(["PATH": "/usr/local/bin:/usr/bin"]))
    }
}
