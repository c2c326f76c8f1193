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
                    let reason = errnoText()
                    close(descriptor)
                    throw GradingError("error: cannot lock \(path): \(reason)")
                }
            }
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
    }

    deinit {
        close(descriptor)  // releases the lock
    }

    static func waitingMessage(holder: pid_t?) -> String {
        "waiting for another grade run in this folder\(holder.map { " (pid \($0))" } ?? "")..."
    }

    /// The pid the holder wrote (nil if it has not written it yet).
    private func holder() -> pid_t? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return pid_t(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
