import Foundation
import Glibc

/// A folder the grader creates for one test run (`mkdtemp`: a fresh, unpredictable name, mode
/// 0700) to receive the run's result files: the event stream or XCTest observer lines, the
/// runtime's diagnostics, the timing figures, ThreadSanitizer's logs.
///
/// Why: with fixed names, a submission could plant a file or a symbolic link where a *later*
/// run (of another exercise) writes its results. A fresh folder per run cannot be prepared in
/// advance, and the grader reads through a descriptor of the folder it created (`openat`), with
/// `O_NOFOLLOW`, only regular files, and only after the run's processes are gone, so renaming
/// the folder or swapping a file for a link is seen, not followed.
///
/// What it cannot stop: the test process itself writing into its own run's files (the suites
/// run in the same process as the student's code); see the README's "In CI" section.
final class PrivateRunFolder {
    enum Contents: Equatable {
        case missing
        case file(Data)
        /// Present but not a regular file the test process wrote (a symbolic link, a FIFO...).
        case suspicious(String)
    }

    let path: String
    private let descriptor: Int32

    /// Creates `<parent>/run-XXXXXX`.
    init(in parent: String) throws(GradingError) {
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var template = Array((parent + "/run-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw GradingError("cannot create a folder for the test run in \(parent): \(errnoText())")
        }
        path = String(cString: created)
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let text = errnoText()
            // Nothing else would remove it: `remove()` needs the descriptor.
            rmdir(path)
            throw GradingError("cannot open the test run's folder \(path): \(text)")
        }
    }

    deinit {
        close(descriptor)
    }

    /// The file `name` of the folder the grader created, wherever that folder is now.
    func read(_ name: String) -> Contents {
        let file = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else {
            switch errno {
            case ENOENT: return .missing
            case ELOOP: return .suspicious("\(name) was replaced by a symbolic link")
            default: return .suspicious("\(name) cannot be read: \(errnoText())")
            }
        }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return .suspicious("\(name) is not a regular file")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = Glibc.read(file, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return .file(data)
    }

    /// Names of the entries in the folder the grader created.
    func names() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd/\(descriptor)")) ?? []
    }

    /// Removes the folder and what the run left in it.
    func remove() {
        for name in names() { _ = unlinkat(descriptor, name, 0) }
        try? FileManager.default.removeItem(atPath: path)
    }
}
