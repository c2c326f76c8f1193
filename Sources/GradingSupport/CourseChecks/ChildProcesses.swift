import Glibc
import Multitasking
import Synchronization

/// The child processes of the calling thread that have not been reaped, finished (zombies) or
/// not: what a function that promises to join its children must leave behind is none of its own.
///
/// Read from `/proc/self/task/<thread>/children`: a process stays listed there until its parent
/// waits for it, so a child that nobody joined shows even if it has already ended. (The runtime's
/// reaper also reaps unjoined children, but only every 20 ms, so right after a call returns its
/// unjoined children are still there.) Per thread, not per process: under `swift test` other
/// suites start children of their own at the same time, from their own threads; so call these
/// on the thread that runs the code under test (inside `runBounded`'s body, say).
public enum ChildProcesses {
    /// The unreaped children of the calling thread, by their pids in /proc.
    public static func current() -> Set<Int32> {
        children(ofThreadAt: callingThread())
    }

    /// The calling thread's folder in /proc (`/proc/<pid>/task/<tid>`), from the
    /// `/proc/thread-self` link: Swift cannot call the variadic `syscall(SYS_gettid)`, and the
    /// link names the thread in whichever PID namespace /proc belongs to (a graded run mounts
    /// one of its own; a plain `swift test` sees the machine's).
    static func callingThread() -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        guard count > 0 else { return "/proc/self/task/\(getpid())" }
        return "/proc/" + String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The unreaped children that the thread whose /proc folder is `thread` started (readable
    /// from a child as well, for its parent), by their pids in /proc.
    static func children(ofThreadAt thread: String) -> Set<Int32> {
        pids(in: read(thread + "/children"))
    }

    /// `pid`'s state letter in /proc (`Z` for a zombie) and its parent, nil when it is gone.
    /// `pid` as /proc names it (in a graded run, /proc is the run's PID namespace's, so the pid
    /// `start()` gave); `stateOfChild(_:)` finds a child among the calling thread's instead.
    public static func state(of pid: Int32) -> (state: Character, parent: Int32)? {
        let text = read("/proc/\(pid)/stat")
        guard let paren = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: paren)...].split(separator: " ")
        guard fields.count >= 2, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        return (state, parent)
    }

    /// The state letter of this process's child `pid` (the pid `start()` gave it), running or
    /// a zombie; nil once it has been reaped. Looked up among the unreaped children of every
    /// thread of this process by the last pid of their `NSpid` line (their pid in the
    /// innermost namespace, the test's), so it is right whether or not the grader runs the
    /// test in a PID namespace of its own.
    public static func stateOfChild(_ pid: Int32) -> Character? {
        for thread in threadFolders() {
            for child in children(ofThreadAt: thread) where innermostPID(of: child) == pid {
                return state(of: child)?.state
            }
        }
        return nil
    }

    private static func threadFolders() -> [String] {
        guard let folder = opendir("/proc/self/task") else { return [] }
        defer { closedir(folder) }
        var threads: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if Int32(name) != nil { threads.append("/proc/self/task/" + name) }
        }
        return threads
    }

    private static func innermostPID(of pid: Int32) -> Int32? {
        let status = read("/proc/\(pid)/status")
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("NSpid:") }) else { return nil }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.flatMap { Int32($0) }
    }

    private static func pids(in text: String) -> Set<Int32> {
        Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int32($0) })
    }

    /// The children that `body` started and left unjoined when it returned.
    public static func leftBehind(by body: () throws -> Void) rethrows -> Set<Int32> {
        let before = current()
        try body()
        return current().subtracting(before)
    }

    private static func read(_ path: String) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Threads of the code under test alive at one moment: how many really worked at once,
/// whatever the clock says (a thread that is started and joined before the next one starts is
/// never seen beside it).
///
/// Only for code that starts threads, not processes: a watcher thread busy while the code forks
/// may hold a lock at the moment of a fork that the child then waits for. A process version
/// (watching a thread's children in /proc) made a correct ticket sale hang once under the
/// perturbation seeds and saw trivial children one at a time, so process exercises check
/// concurrency with slow participants and time instead.
public enum RunningThreads {
    /// The most threads whose name starts with `prefix` that were alive at once while `body` ran,
    /// sampled without pause by a watcher thread.
    public static func mostAtOnce<Value>(named prefix: String, during body: () throws -> Value) throws -> (value: Value, most: Int) {
        let watch = Watch()
        let watcher = Thread(name: "threads-watcher") {
            while !watch.done.load(ordering: .acquiring) {
                let count = enumerate().filter { $0.name.hasPrefix(prefix) }.count
                if count > watch.most.load(ordering: .relaxed) { watch.most.store(count, ordering: .relaxed) }
            }
        }
        try watcher.start()
        let value = Result { try body() }
        watch.done.store(true, ordering: .releasing)
        try watcher.join()
        return (try value.get(), watch.most.load(ordering: .relaxed))
    }

    private final class Watch: Sendable {
        let done = Atomic<Bool>(false)
        let most = Atomic<Int>(0)
    }
}
