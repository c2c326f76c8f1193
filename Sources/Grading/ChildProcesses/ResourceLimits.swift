import Foundation

/// Limits for a test process and everything it starts, so that a submission that forks without
/// end, allocates without bound or fills the disk is stopped and reported, and the grader and
/// the machine go on.
///
/// The kernel enforces what it can per process (`prlimit(2)`, set on the child right after it
/// is spawned: `posix_spawn` has no attribute for limits, and the test binary takes tens of
/// milliseconds to load before any student code runs). The number of processes and threads is
/// watched by the grader instead: RLIMIT_NPROC counts every process of the user (a student's
/// desktop included) and does not bind root, which is what CI runs as.
public struct ResourceLimits: Sendable, Equatable {
    /// Processes and threads of the test's process group, together.
    public var tasks = 1024
    /// Address space of each process (none under ThreadSanitizer, which maps terabytes).
    public var addressSpaceBytes: Int? = 8 << 30
    /// Largest file a process may write (beyond it, SIGXFSZ).
    public var fileSizeBytes = 256 << 20
    /// CPU seconds of each process (the wall-clock timeout usually comes first).
    public var cpuSeconds = 600

    public init() {}

    func apply(to pid: pid_t) {
        set(RLIMIT_FSIZE, fileSizeBytes, pid)
        set(RLIMIT_CPU, cpuSeconds, pid)
        set(RLIMIT_CORE, 0, pid)  // a crash must not write gigabytes of core into the course
        if let addressSpaceBytes { set(RLIMIT_AS, addressSpaceBytes, pid) }
    }

    private func set(_ resource: __rlimit_resource, _ value: Int, _ pid: pid_t) {
        var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
        _ = prlimit(pid, Int32(resource.rawValue), &limit, nil)
    }
}

/// glibc has it, but Swift's Glibc module only shows it with _GNU_SOURCE defined.
@_silgen_name("prlimit")
private func prlimit(_ pid: pid_t, _ resource: Int32, _ new: UnsafePointer<rlimit>?, _ old: UnsafeMutablePointer<rlimit>?) -> Int32

/// The processes of the machine as the grader needs to see them: who is in a test's process
/// group, and who carries a test run's token in its environment (descendants that left the
/// group with `setsid` or `setpgid` keep their environment).
enum ProcessTable {
    struct Entry {
        var pid: pid_t
        var group: pid_t
        var threads: Int
        var isZombie = false
        var parent: pid_t = 0
    }

    static func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name in
            guard let pid = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
            return entry(pid: pid, stat: stat)
        }
    }

    /// Reads `/proc/<pid>/stat`: "pid (name) state ppid pgrp session ... num_threads ...".
    static func entry(pid: pid_t, stat: String) -> Entry? {
        // The name may hold spaces and parentheses: fields count from the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 of proc(5) (state): ppid is field 4, pgrp field 5, num_threads field 20.
        guard fields.count > 17, let parent = pid_t(fields[1]), let group = pid_t(fields[2]), let threads = Int(fields[17]) else { return nil }
        return Entry(pid: pid, group: group, threads: threads, isZombie: fields[0] == "Z", parent: parent)
    }

    /// Processes plus threads in process group `group`.
    static func taskCount(inGroup group: pid_t) -> Int {
        entries().filter { $0.group == group }.reduce(0) { $0 + $1.threads }
    }

    /// Waits (at most `limit`) until no process of `group` runs any more, so that files its
    /// members wrote are read only when nobody can write them.
    static func waitUntilGone(group: pid_t, limit: Duration = .seconds(2)) {
        let deadline = ContinuousClock.now + limit
        while entries().contains(where: { $0.group == group && !$0.isZombie }), ContinuousClock.now < deadline {
            usleep(5_000)
        }
    }

    /// Every process whose environment holds `token`, except this one.
    static func carrying(_ token: String) -> [pid_t] {
        let needle = Array(token.utf8)
        let me = getpid()
        return entries().map(\.pid).filter { pid in
            guard pid != me, let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environment.split(separator: 0).contains { Array($0) == needle }
        }
    }
}
