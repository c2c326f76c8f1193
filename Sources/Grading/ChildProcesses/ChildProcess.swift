import Glibc
import Synchronization

/// Runs a program with a deadline and a cap on what it prints: a test contained, with `limits`
/// (`ContainedRun`), a trusted program (a build) in a process group of its own.
///
/// Why by hand (posix_spawn, or the C supervisor): the grader needs things together that
/// Foundation's `Process` does not give on Linux: a new process group or namespace (so a
/// timeout kills the test process *and* everything it started), a hard kill of it, and output
/// kept in a bounded buffer however much the child prints. One synchronous `poll` loop does it.
package struct ChildProcess: Sendable {
    package enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        case timedOut
        /// Killed by the grader for starting more processes and threads than `limits` allow
        /// (the most there were at once).
        case tooManyTasks(Int)
        /// Killed for using more memory than `limits` allow (the most bytes used at once).
        case outOfMemory(Int)
    }

    package struct Outcome: Sendable {
        package var ending: Ending
        package var output: CappedOutput
        package var seconds: Double
        /// For a timeout: what `onTimeout` said about the process before it was killed.
        package var timeoutReport: Message?
    }

    package var executable: String
    package var arguments: [String]
    package var environment: [String: String]
    package var workingDirectory: String
    package var timeout: Duration
    package var outputLimit: Int
    /// Called with the pid of a process whose time ran out, before its group is killed, to
    /// describe what it was doing (its threads' stacks).
    package var onTimeout: (@Sendable (pid_t) -> Message?)?
    /// Resource limits for the process and its descendants (nil: none, as for builds, whose
    /// compilers the grader trusts).
    package var limits: ResourceLimits?
    /// The mechanisms that contain a process with `limits` (all the machine offers, unless a
    /// self-test measures a fallback).
    var containment = Containment.full
    /// With `limits`, where the machine allows a mount namespace: a folder the process sees
    /// read-only (the course), but for `writableFolder` inside it (the run's own folder).
    var readOnlyFolder: String?
    var writableFolder: String?

    package init(
        executable: String, arguments: [String], environment: [String: String],
        workingDirectory: String, timeout: Duration, outputLimit: Int = 64 * 1024
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// Runs the program to its end, its timeout, or a failure to start (thrown). With `limits`,
    /// contained (`ContainedRun`): nothing it started outlives it.
    package func run() throws(GradingError) -> Outcome {
        if let limits { return try ContainedRun(process: self, limits: limits, containment: containment).run() }
        return try runTrusted()
    }

    /// A trusted program (a build): in a process group of its own, killed with its descendants.
    private func runTrusted() throws(GradingError) -> Outcome {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw GradingError("cannot create a pipe: \(errnoText())") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        // Close-on-exec: children started by other threads must not inherit these ends.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        _ = posix_spawn_file_actions_addchdir_np(&actions, workingDirectory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT] { sigaddset(&defaults, signal) }
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        let start = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            throw GradingError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        RunningChildren.shared.add(pid, token: nil)
        defer { RunningChildren.shared.remove(pid) }

        var output = CappedOutput(limit: outputLimit)
        let deadline = start + timeout
        var status: Int32 = 0
        var exited = false
        var timedOut = false
        var timeoutReport: Message?
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var pipeOpen = true
        var drainDeadline: ContinuousClock.Instant?
        while true {
            if !exited, waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                // Descendants may hold the pipe open; read what is there, then stop.
                drainDeadline = .now + .milliseconds(200)
            }
            if exited && (!pipeOpen || ContinuousClock.now >= drainDeadline!) { break }
            if !exited && ContinuousClock.now >= deadline {
                timedOut = true
                timeoutReport = onTimeout?(pid)
                ProcessTable.killTree(of: pid)
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                exited = true
                break
            }
            guard pipeOpen else {
                usleep(10_000)
                continue
            }
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0 {
                let count = read(readEnd, &buffer, buffer.count)
                if count > 0 {
                    output.append(buffer[0..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    pipeOpen = false
                }
            }
        }
        // Whatever the program started and left behind in its group goes with it.
        kill(-pid, SIGKILL)
        close(readEnd)
        stopIfInterrupted()
        let seconds = (ContinuousClock.now - start).seconds
        let ending: Ending
        if timedOut {
            ending = .timedOut
        } else if status & 0x7f == 0 {
            ending = .exited((status >> 8) & 0xff)
        } else {
            ending = .signaled(status & 0x7f)
        }
        return Outcome(ending: ending, output: output, seconds: seconds, timeoutReport: timeoutReport)
    }
}

/// The process groups of children running now (and the tokens that mark their descendants),
/// so that Ctrl-C or SIGTERM of the grader kills them too (they are in groups of their own and
/// do not get the terminal's signals).
final class RunningChildren: Sendable {
    static let shared = RunningChildren()
    private let groups = Mutex<[pid_t: String?]>([:])

    func add(_ pid: pid_t, token: String?) { groups.withLock { $0[pid] = token } }
    func remove(_ pid: pid_t) { groups.withLock { _ = $0.removeValue(forKey: pid) } }

    /// Kills every child with its descendants and its group, then every process that carries a
    /// run's token (descendants whose parent had died). Reads /proc: call it from a thread, not
    /// from a signal handler.
    func killAll() {
        let running = groups.withLock { $0 }
        for pid in running.keys {
            ProcessTable.killTree(of: pid)
            kill(-pid, SIGKILL)
        }
        for token in running.values.compactMap({ $0 }) {
            for escaped in ProcessTable.carrying(token) { kill(escaped, SIGKILL) }
        }
    }

    /// The groups only: for a signal handler, where /proc cannot be read.
    func killGroups() {
        groups.withLock { for pid in $0.keys { kill(-pid, SIGKILL) } }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// glibc has it since 2.29, but Swift's Glibc module only shows it with _GNU_SOURCE defined.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func posix_spawn_file_actions_addchdir_np(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>
) -> Int32

func errnoText() -> String { String(cString: strerror(errno)) }

