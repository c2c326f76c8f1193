import CGrading
import Glibc
import Synchronization

/// How test processes are contained on this machine, best mechanism first, each falling back to
/// the next where the kernel refuses it (measured on a 2-core CI machine as root, cgroup v1,
/// Linux 6.18, fork bomb forking from every child):
///
/// - Ending everything a test started: the test runs under a supervisor that is the init of a
///   PID namespace (root), or of a PID namespace inside a user namespace (an ordinary user,
///   where unprivileged user namespaces are allowed; Ubuntu's AppArmor may refuse them). When the
///   supervisor dies the kernel kills every member, whatever it did (`setsid`, double fork,
///   exec with an empty environment); it dies with the grader (`PR_SET_PDEATHSIG`), so nothing
///   outlives a killed grader either. Without namespaces the supervisor is a subreaper, so every
///   orphan stays in the tree the grader kills; but then descendants outlive a grader killed
///   with SIGKILL (Ctrl-C and SIGTERM still end them).
///   A namespaced run also has a mount namespace with a /proc of its PID namespace, so the pids
///   a test knows (its children's) name its processes in /proc; where the kernel refuses that
///   mount, the run falls back to no namespace rather than show the test another /proc.
/// - Processes plus threads: the pids cgroup (v1 or v2), a hard limit with no overshoot; else,
///   for an ordinary user, RLIMIT_NPROC, which in a user namespace of the run's own counts
///   exactly the run's tasks, and outside one every task of the user (so it is set to the
///   user's count plus the limit). RLIMIT_NPROC never binds root, not even mapped to root in a
///   user namespace (measured: 1,103 tasks under a limit of 1,024): root without a pids cgroup
///   has only the grader's count every 100 ms, which a fast bomb overshoots (measured: 2,755).
/// - Memory: the memory cgroup, whose OOM killer ends a process of the group before the machine
///   swaps; else the grader's count of the tree's memory every 100 ms.
/// - The course's files: in the run's mount namespace (with the PID namespace) the course is
///   bound on itself read-only, but for the run's own folder, so a write fails whoever owns the
///   files; without namespaces they are checked and put back after the run (`CourseFilesGuard`).
///   Nothing a test started is alive when the grader checks them and writes its reports.
///
/// Why not run the test as an unprivileged user under root instead: a course checked out under
/// /root (mode 0700, as on the CI machine measured) cannot even be read by another user; the
/// run's folder, ThreadSanitizer's logs and the build would need their owner changed; and
/// files the course leaves writable for others would still be writable. The read-only mount
/// protects the course wherever it is and whoever owns it.
struct Containment: Sendable {
    /// Use PID (and user) namespaces where the kernel allows them.
    var namespaces = true
    /// Use cgroups where the grader may create them.
    var controlGroups = true

    static let full = Containment()

    /// The namespaces to ask for, best first: root can have a PID namespace alone; an ordinary
    /// user needs a user namespace around it.
    func preferredNamespaces() -> [Int32] {
        guard namespaces else { return [Int32(GRADING_NAMESPACES_NONE)] }
        let refused = Self.refused.withLock { $0 }
        let order = geteuid() == 0
            ? [Int32(GRADING_NAMESPACES_PID), Int32(GRADING_NAMESPACES_USER_PID)]
            : [Int32(GRADING_NAMESPACES_USER_PID)]
        return order.filter { !refused.contains($0) } + [Int32(GRADING_NAMESPACES_NONE)]
    }

    /// Namespaces the kernel refused once: not asked for again in this process.
    static func refuse(_ namespaces: Int32) { refused.withLock { _ = $0.insert(namespaces) } }
    private static let refused = Mutex<Set<Int32>>([])
}
