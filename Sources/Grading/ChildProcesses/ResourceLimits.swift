import CGrading
import Foundation

/// Limits for a test process and everything it starts, so that a submission that forks without
/// end, allocates without bound or fills the disk is stopped and reported, and the grader and
/// the machine go on.
///
/// Processes plus threads and memory are limited for the whole run together, by the mechanisms
/// `Containment` describes; the rest per process by the kernel (`setrlimit` in the test's
/// supervisor, inherited by everything it starts).
package struct ResourceLimits: Sendable, Equatable {
    /// Processes and threads of the run, together.
    package var tasks = 1024
    /// Memory of the run, together: a quarter of the machine's, at most 4 GiB, so that a test
    /// is stopped long before the machine swaps or the OOM killer looks outside the run.
    package var memoryBytes = min(4 << 30, physicalMemory() / 4)
    /// Address space of each process (none under ThreadSanitizer, which maps terabytes). Above
    /// `memoryBytes`, so that memory touched is reported as memory; this catches what is only
    /// reserved.
    package var addressSpaceBytes: Int? = 8 << 30
    /// Largest file a process may write (beyond it, SIGXFSZ).
    package var fileSizeBytes = 256 << 20
    /// CPU seconds of each process (the wall-clock timeout usually comes first).
    package var cpuSeconds = 600

    package init() {}

    /// The per-process limits the supervisor sets. RLIMIT_NPROC holds an ordinary user's run
    /// where no pids cgroup does: in a user namespace of the run's own it counts the run alone;
    /// outside one every task of the user, so it is set to what the user has now plus the
    /// limit. It never binds root (see `Containment`).
    func kernelLimits(namespaces: Int32, taskLimitedByControlGroup: Bool) -> [(resource: __rlimit_resource, value: Int)] {
        var limits: [(resource: __rlimit_resource, value: Int)] = [
            (RLIMIT_FSIZE, fileSizeBytes), (RLIMIT_CPU, cpuSeconds),
            (RLIMIT_CORE, 0),  // a crash must not write gigabytes of core into the course
        ]
        if let addressSpaceBytes { limits.append((RLIMIT_AS, addressSpaceBytes)) }
        if !taskLimitedByControlGroup && geteuid() != 0 {
            if namespaces == Int32(GRADING_NAMESPACES_USER_PID) {
                limits.append((__RLIMIT_NPROC, tasks))
            } else {
                limits.append((__RLIMIT_NPROC, ProcessTable.taskCount(ofUser: getuid()) + tasks))
            }
        }
        return limits
    }
}

/// The machine's memory in bytes.
func physicalMemory() -> Int {
    sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE))
}

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

    /// Processes plus threads of `root` and its descendants, and their resident memory.
    static func usage(under root: pid_t) -> (tasks: Int, residentBytes: Int) {
        let tree = descendants(of: root, in: entries())
        let page = sysconf(Int32(_SC_PAGESIZE))
        let resident = tree.reduce(0) { sum, entry in
            // statm: "size resident shared ...", in pages.
            let fields = (try? String(contentsOfFile: "/proc/\(entry.pid)/statm", encoding: .utf8))?.split(separator: " ") ?? []
            return sum + (fields.count > 1 ? (Int(fields[1]) ?? 0) * page : 0)
        }
        return (tree.reduce(0) { $0 + $1.threads }, resident)
    }

    /// The proportional memory (PSS) of `root` and its descendants: what they use, with pages
    /// they share (a fork's copy-on-write pages) counted once. Slower to read than the resident
    /// sizes, which count a shared page in every process: read only when those exceed a limit.
    static func proportionalBytes(under root: pid_t) -> Int {
        descendants(of: root, in: entries()).reduce(0) { sum, entry in
            let rollup = (try? String(contentsOfFile: "/proc/\(entry.pid)/smaps_rollup", encoding: .utf8)) ?? ""
            let line = rollup.split(separator: "\n").first { $0.hasPrefix("Pss:") }
            let kibibytes = line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
            return sum + kibibytes * 1024
        }
    }

    /// `root` and every process descended from it.
    static func descendants(of root: pid_t, in entries: [Entry]) -> [Entry] {
        var children: [pid_t: [Entry]] = [:]
        for entry in entries { children[entry.parent, default: []].append(entry) }
        var found = entries.filter { $0.pid == root }
        var index = 0
        while index < found.count {
            found += children[found[index].pid] ?? []
            index += 1
        }
        return found
    }

    /// Processes plus threads of user `uid` (what RLIMIT_NPROC counts).
    static func taskCount(ofUser uid: uid_t) -> Int {
        entries().reduce(0) { sum, entry in
            var status = stat()
            return stat("/proc/\(entry.pid)", &status) == 0 && status.st_uid == uid ? sum + entry.threads : sum
        }
    }

    /// Waits (at most `limit`) until none of `pids` runs any more (killed, they may take a
    /// moment), so that files they wrote are read only when nobody can write them.
    static func waitUntilGone(_ pids: Set<pid_t>, limit: Duration = .seconds(2)) {
        let deadline = ContinuousClock.now + limit
        while entries().contains(where: { pids.contains($0.pid) && !$0.isZombie }), ContinuousClock.now < deadline {
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
