import Foundation

/// The files a submission's tests could edit at run time to change a verdict, this run's or a
/// later one's: the hidden suites (rebuilt next time), course.xml, Package.swift, and the result
/// cache (read instead of grading next time). Their contents are kept from before the first
/// test runs; after each exercise's runs the guard compares, blames that exercise for what
/// changed, and puts the files back as they were.
///
/// Why contents and not a hash: putting the files back needs them, and the suites are small.
/// What this run built is at risk only through the test binaries, which later exercises run:
/// they are watched by identity (inode, size, times), and one that was replaced is removed, so
/// the grader builds it again before the next exercise runs (and the next run rebuilds it too).
struct CourseFilesGuard {
    /// Folders and files under the course root that are watched. Not the starters and
    /// solutions: students and instructors edit those while a run goes on (`grade watch`), and
    /// putting their edits back would lose work.
    static let watched = ["Tests", "course.xml", "Package.swift"]

    var root: String
    /// The result cache's folder (inside the state folder, which is otherwise not watched).
    var cacheFolder: String
    private var snapshot: [String: Data] = [:]
    /// The test binaries the runs execute, as they were built.
    private var binaries: [String: FileIdentity?] = [:]

    init(root: String, cacheFolder: String, binaries: [String] = []) {
        self.root = root
        self.cacheFolder = cacheFolder
        snapshot = contents()
        for binary in binaries { self.binaries[binary] = FileIdentity(of: binary) }
    }

    /// Files added, changed or deleted since the snapshot (paths relative to the root when they
    /// are under it), sorted.
    func changes() -> [String] {
        let now = contents()
        let paths = Set(now.keys).union(snapshot.keys)
        return (paths.filter { now[$0] != snapshot[$0] } + replacedBinaries().map(relative)).sorted()
    }

    /// Test binaries that are no longer the ones built (replaced, or removed by `restore`).
    func replacedBinaries() -> [String] {
        binaries.filter { FileIdentity(of: $0.key) != $0.value }.keys.sorted()
    }

    /// After the grader built the binaries again.
    mutating func trustBinaries() {
        for binary in binaries.keys { binaries[binary] = FileIdentity(of: binary) }
    }

    /// Puts `paths` back as they were at the snapshot (removes those that were added).
    func restore(_ paths: [String]) {
        for path in paths {
            let full = absolute(path)
            // A replaced binary cannot be put back: removed, it is built again.
            if binaries[full] != nil {
                unlink(full)
                continue
            }
            // A link or folder put in a file's place goes first, so the write cannot follow it.
            try? FileManager.default.removeItem(atPath: full)
            if let data = snapshot[path] {
                try? FileManager.default.createDirectory(atPath: parentFolder(of: full), withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: full, contents: data)
            }
        }
    }

    /// Takes the snapshot again: after the grader itself wrote the cache.
    mutating func refresh() {
        snapshot = contents()
    }

    private func contents() -> [String: Data] {
        var files: [String: Data] = [:]
        for item in Self.watched.map({ root + "/" + $0 }) + [cacheFolder] {
            for full in regularFiles(under: item) {
                let file = relative(full)
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) {
                    files[file] = Data(("symbolic link to " + target).utf8)
                } else {
                    files[file] = FileManager.default.contents(atPath: full) ?? Data()
                }
            }
        }
        return files
    }

    /// Regular files and links under `full` (or `full` itself); a link's contents are its
    /// target's path, so swapping a file for a link is a change.
    private func regularFiles(under full: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) || isLink(full) else { return [] }
        guard isDirectory.boolValue, !isLink(full) else { return [full] }
        let names = FileManager.default.enumerator(atPath: full)?.compactMap { $0 as? String } ?? []
        return names.filter { name in
            var folder: ObjCBool = false
            let path = full + "/" + name
            return isLink(path) || (FileManager.default.fileExists(atPath: path, isDirectory: &folder) && !folder.boolValue)
        }.map { full + "/" + $0 }
    }

    private func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : root + "/" + path
    }

    private func relative(_ path: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// What tells a file from its replacement without reading it: a new file has a new inode, and
/// a write changes the modification and status-change times (the latter cannot be set back).
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: [Int]
    var changed: [Int]

    init?(of path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = [status.st_mtim.tv_sec, status.st_mtim.tv_nsec]
        changed = [status.st_ctim.tv_sec, status.st_ctim.tv_nsec]
    }
}
