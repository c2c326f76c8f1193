import Glibc
import Multitasking

/// How code run by `runBounded` ended.
public enum BoundedOutcome<Value: Sendable>: Sendable {
    case returned(Value)
    case threw(String)
    /// Still running at the time limit; its child processes were killed.
    case hung
}

/// Runs an exercise's code with a time limit, so that a wrong answer that hangs fails its test
/// instead of hanging the test process, and leaves no child process behind to outlive the test.
///
/// `body` runs on a daemon thread (one left stuck does not keep the process alive at exit), and
/// the test waits at most `limit` for it. When it is still running then, `unblock` runs (to
/// release what the code may wait for), and every child process this test process started
/// meanwhile is killed with SIGKILL; the thread is then given a few seconds to finish. Call it
/// from one test at a time (serialize the suite): the children it kills are told apart only by
/// being new.
public func runBounded<Value: Sendable>(
    _ limit: Duration, unblock: @Sendable () -> Void = {}, _ body: @escaping @Sendable () throws -> Value
) -> BoundedOutcome<Value> {
    let before = Set(childProcessIDs())
    let slot = ResultSlot<BoundedOutcome<Value>>()
    let runner = Thread(name: "exercise under test", daemon: true) {
        do {
            slot.set(.returned(try body()))
        } catch {
            slot.set(.threw("\(error)"))
        }
    }
    do {
        try runner.start()
        // A watchdog's wait: the runtime's stall check still reports the code's threads stuck.
        if try Diagnostics.asWatchdog({ try runner.join(timeout: limit) }), let outcome = slot.value { return outcome }
        unblock()
        for pid in childProcessIDs() where !before.contains(pid) { kill(pid, SIGKILL) }
        _ = try runner.join(timeout: .seconds(2))
    } catch {
        return .threw("the test could not run the code on a thread: \(error)")
    }
    return .hung
}

/// The pids of this process's living children, read from /proc: the runtime knows only the
/// children started with its `Process`, and the exercise's code may have lost track of its own.
func childProcessIDs() -> [Int32] {
    let me = getpid()
    guard let directory = opendir("/proc") else { return [] }
    defer { closedir(directory) }
    var children: [Int32] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        guard let pid = Int32(name), parentOf(pid) == me else { continue }
        children.append(pid)
    }
    return children
}

/// The parent pid in /proc/<pid>/stat ("pid (name) state ppid ..."), nil if it is gone. The
/// name may hold spaces and parentheses, so the fields are counted from the last ')'.
private func parentOf(_ pid: Int32) -> Int32? {
    let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 1024)
    let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard count > 0 else { return nil }
    let text = String(decoding: bytes[0..<count], as: UTF8.self)
    guard let close = text.lastIndex(of: ")") else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 1 else { return nil }
    return Int32(fields[1])
}
