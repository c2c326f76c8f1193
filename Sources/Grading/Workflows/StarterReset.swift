import Foundation

/// `grade reset <exercise>`: puts the exercise's starter files back as they were first given,
/// and touches nothing else (not the other exercises, not the hints seen, not the cache).
///
/// Where the original comes from, in order: the copy a student edition keeps under
/// `.course/starters/` (written by `grade publish`; a student's own commits never change it),
/// then the file as committed at git's HEAD (`git show HEAD:path`), which in the instructor's
/// checkout is the starter.
package struct StarterReset: Sendable {
    package var root: String
    /// The language of its errors.
    package var language: Language

    /// Where a student edition keeps the original starters.
    package static let pristineFolder = ".course/starters"

    package init(root: String, language: Language = .en) {
        (self.root, self.language) = (root, language)
    }

    /// The original contents of each starter file of `exercise`, or an error naming the file
    /// that has none.
    package func originals(of exercise: Exercise) throws(GradingError) -> [(path: String, contents: [UInt8])] {
        var found: [(path: String, contents: [UInt8])] = []
        for path in exercise.starters {
            if let copy = FileManager.default.contents(atPath: root + "/" + Self.pristineFolder + "/" + path) {
                found.append((path, Array(copy)))
            } else if let committed = try committedFile(path) {
                found.append((path, committed))
            } else {
                throw GradingError(Localizer(language).problem(.resetNoOriginal, [
                    "exercise": exercise.id, "path": path, "pristine": Self.pristineFolder + "/" + path,
                ]))
            }
        }
        return found
    }

    /// The starter files whose contents differ from their originals.
    package func changedFiles(of exercise: Exercise) throws(GradingError) -> [String] {
        try originals(of: exercise).filter { original in
            FileManager.default.contents(atPath: root + "/" + original.path).map(Array.init) != original.contents
        }.map(\.path)
    }

    /// Writes the originals back; returns the files it changed.
    @discardableResult
    package func reset(_ exercise: Exercise) throws(GradingError) -> [String] {
        var changed: [String] = []
        for original in try originals(of: exercise) {
            let path = root + "/" + original.path
            guard FileManager.default.contents(atPath: path).map(Array.init) != original.contents else { continue }
            do {
                try Data(original.contents).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw GradingError("cannot write \(original.path): \(error.localizedDescription)")
            }
            changed.append(original.path)
        }
        return changed
    }

    private func committedFile(_ path: String) throws(GradingError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: root + "/.git") || isInsideGitWorkTree() else { return nil }
        let outcome = try ChildProcess(
            executable: "git", arguments: ["-C", root, "show", "HEAD:./" + path],
            environment: ProcessInfo.processInfo.environment, workingDirectory: root,
            timeout: .seconds(30), outputLimit: 64 * 1024 * 1024
        ).run()
        guard outcome.ending == .exited(0), outcome.output.droppedBytes == 0 else { return nil }
        return outcome.output.head + outcome.output.tail
    }

    private func isInsideGitWorkTree() -> Bool {
        let outcome = try? ChildProcess(
            executable: "git", arguments: ["-C", root, "rev-parse", "--is-inside-work-tree"],
            environment: ProcessInfo.processInfo.environment, workingDirectory: root,
            timeout: .seconds(30), outputLimit: 4096
        ).run()
        return outcome?.ending == .exited(0)
    }
}
