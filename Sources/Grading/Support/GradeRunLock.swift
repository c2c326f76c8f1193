import Foundation
import Glibc
import Synchronization

/// One grading run at a time per state folder (`.build-grade`): two graders started at once on
/// the same checkout would build into the same scratch path and write the same cache entries.
/// The second one waits and says for whom.
///
/// Why a POSIX record lock (`fcntl(F_SETLKW)`) on `grade.lock`: the kernel releases it when the
/// holder exits, however it exits (killed, crashed, interrupted), so a stale lock never blocks
/// the next run; `F_GETLK` names the holder's pid; and it belongs to the process, so a child
/// forked without exec does not hold it too. (An `flock` lock belongs to the open file, which
/// a fork shares: seen in the self-tests, where a child forked by a runtime test kept the lock
/// of an in-process grader that had let go.) Record locks do not exclude each other within one
/// process, so graders in the same process (the self-tests, a program embedding the grader)
/// take turns through `heldHere` first.
package final class GradeRunLock {
    static let fileName = "grade.lock"
    private static let heldHere = Mutex<Set<String>>([])
    private let path: String
    private let descriptor: Int32

    /// Takes the lock of `folder`, waiting for its holder; `waiting` is told once, before waiting.
    package init(folder: String, language: Language = .en, waiting: (String) -> Void) throws(GradingError) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + Self.fileName
        self.path = path
        var told = false
        while !Self.heldHere.withLock({ $0.insert(path).inserted }) {
            if !told { waiting(Self.waitingMessage(holder: getpid(), language: language)) }
            told = true
            usleep(10_000)
        }
        // Opened only once this process's turn has come: closing any descriptor of the file
        // would release every record lock this process holds on it.
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let text = errnoText()
            Self.heldHere.withLock { _ = $0.remove(path) }
            throw GradingError("cannot open the lock file \(path): \(text)")
        }
        var whole = Self.wholeFile(F_WRLCK)
        if fcntl(descriptor, F_SETLK, &whole) != 0 {
            if !told { waiting(Self.waitingMessage(holder: holder(), language: language)) }
            while fcntl(descriptor, F_SETLKW, &whole) != 0 {
                guard errno == EINTR else {
                    let text = errnoText()
                    close(descriptor)
                    Self.heldHere.withLock { _ = $0.remove(path) }
                    throw GradingError("cannot lock \(path): \(text)")
                }
            }
        }
    }

    deinit {
        close(descriptor)  // releases the record lock
        Self.heldHere.withLock { _ = $0.remove(path) }
    }

    static func waitingMessage(holder: pid_t?, language: Language = .en) -> String {
        let words = Localizer(language)
        return holder.map { words[.waitingForRunOf, ["pid": $0]] } ?? words[.waitingForRun]
    }

    /// The pid of the process holding the lock, as the kernel knows it (nil if it let go meanwhile).
    private func holder() -> pid_t? {
        var probe = Self.wholeFile(F_WRLCK)
        guard fcntl(descriptor, F_GETLK, &probe) == 0, probe.l_type != Int16(F_UNLCK) else { return nil }
        return probe.l_pid
    }

    private static func wholeFile(_ type: Int32) -> flock {
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0  // to the end of the file, however long
        return lock
    }
}
