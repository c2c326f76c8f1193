import Foundation

/// A 64-bit FNV-1a hash of everything an exercise's result depends on: its own files (module
/// and suites), the package manifest, the shared sources (runtime, grader) and the grading
/// settings. Equal fingerprints mean the earlier result still holds, so the fast loop skips
/// building and running unchanged exercises.
///
/// Why FNV-1a: the toolchain has no hash of file contents outside CryptoKit (not on Linux);
/// this only has to notice edits, not resist an attacker (the CI grader runs with a clean cache).
struct Fingerprint {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    mutating func add(_ text: String) {
        add(text.utf8)
        add([0])
    }

    /// Adds every regular file under `folder` (sorted, with its relative path), or the file.
    mutating func addTree(_ path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            add("missing:" + path)
            return
        }
        guard isDirectory.boolValue else {
            add(path)
            add(FileManager.default.contents(atPath: path) ?? Data())
            return
        }
        let files = (FileManager.default.subpaths(atPath: path) ?? []).sorted()
        for file in files {
            let full = path + "/" + file
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            add(file)
            add(FileManager.default.contents(atPath: full) ?? Data())
        }
    }

    var hex: String { String(value, radix: 16) }
}
