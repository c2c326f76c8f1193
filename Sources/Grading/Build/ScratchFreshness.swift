import Foundation

/// Keeps a grader's scratch folder from mixing code compiled against two versions of the
/// course's shared sources (the runtime, the suites' helpers, `Package.swift`).
///
/// Why: SwiftPM's incremental build decides what to recompile in a client module from what it
/// sees of the modules it imports. Twice, after a change inside the runtime's `Process`, it kept
/// the suites compiled against the old type (old vtable slots and field offsets: a child's
/// `run()` ran in the test process itself). Students never edit the runtime, but a course update
/// they pull does. So the folder is stamped with a fingerprint of the shared sources it was
/// built from, and when they change, its build products are removed and everything is compiled
/// again. The downloaded dependencies (`checkouts`, `repositories`) and SwiftPM's record of
/// them stay, so a rebuild does not fetch again.
struct ScratchFreshness {
    static let stampName = "shared-sources.fingerprint"
    /// What a rebuild keeps: SwiftPM's copies of the dependencies, not anything compiled.
    static let kept: Set<String> = ["checkouts", "repositories", "artifacts", "workspace-state.json", stampName, GradeRunLock.fileName]

    var scratchPath: String
    /// The fingerprint of the shared sources now.
    var fingerprint: String

    /// The fingerprint of what every exercise's build shares: the package manifest and the
    /// folders of `Sources` (the runtime, the suites' helpers, the XCTest observer), but for
    /// those only the grader builds: a course update that changes only the grader must not make
    /// every student compile every exercise again. A new folder counts until it is listed here.
    static func sharedSources(of root: String) -> String {
        var shared = Fingerprint()
        shared.addTree(root + "/Package.swift")
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: root + "/Sources")) ?? []
        for folder in folders.sorted() where !graderOnlyFolders.contains(folder) {
            shared.addTree(root + "/Sources/" + folder)
        }
        return shared.hex
    }

    /// The targets of `Sources` that no exercise build compiles (Package.swift's grading mode
    /// keeps only the runtime, `CourseProvided` and the suites' helpers).
    static let graderOnlyFolders: Set<String> = ["grade", "Grading", "CGrading", "CLibXML2", "MultitaskingBenchmark"]

    /// Removes the build products when the folder was built from other shared sources, then
    /// stamps it. True when it removed something (a rebuild from scratch follows).
    @discardableResult
    func prepare() -> Bool {
        let manager = FileManager.default
        let stamp = scratchPath + "/" + Self.stampName
        let previous = (try? String(contentsOfFile: stamp, encoding: .utf8)) ?? ""
        guard previous != fingerprint else { return false }
        var removed = false
        for name in (try? manager.contentsOfDirectory(atPath: scratchPath)) ?? [] where !Self.kept.contains(name) {
            removed = (try? manager.removeItem(atPath: scratchPath + "/" + name)) != nil || removed
        }
        try? manager.createDirectory(atPath: scratchPath, withIntermediateDirectories: true)
        _ = manager.createFile(atPath: stamp, contents: Data(fingerprint.utf8))
        return removed
    }
}
