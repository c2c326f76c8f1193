import Foundation
import Glibc

/// One grading run at a time per state folder (`.build-grade`): two graders started at once on
/// the same checkout would build into the same scratch path and write the same cache entries.
/// The second one waits and says for whom.
///
/// Why `flock`: the kernel releases it when the holder exits, however it exits (killed,
/// crashed, interrupted), so a stale lock never blocks the next run. The holder's pid is written
/// into the file only to name it in the waiting message.
public final class GradeRunLock {
    static let fileName = "grade.lock"
    private let descriptor: Int32
    private var locked = false

    /// Takes the lock of `folder`, waiting for its holder; `waiting` is told once, before waiting.
    public init(folder: String, waiting: (String) -> Void) throws(GradingError) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + Self.fileName
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw GradingError("error: cannot open the lock file \(path): \(errnoText())")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting(Self.waitingMessage(holder: holder()))
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    throw GradingError("error: cannot lock \(path): \(errnoText())")  // deinit closes
                }
            }
        }
        locked = true
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
    }

    deinit {
        if locked { _ = ftruncate(descriptor, 0) }  // no stale pid for the next waiter to name
        if descriptor >= 0 { close(descriptor) }  // releases the lock
    }

    static func waitingMessage(holder: pid_t?) -> String {
        "waiting for another grade run in this folder\(holder.map { " (pid \($0))" } ?? "")..."
    }

    /// The pid the holder wrote. It writes it just after it got the lock, so a waiter may look
    /// too early (an empty file, or the pid of a holder that crashed): it looks again, briefly,
    /// for a process that is alive.
    private func holder() -> pid_t? {
        for _ in 0..<50 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            let text = String(decoding: buffer[0..<max(count, 0)], as: UTF8.self)
            if let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, 0) == 0 || errno == EPERM {
                return pid
            }
            usleep(10_000)
        }
        return nil
    }
}
