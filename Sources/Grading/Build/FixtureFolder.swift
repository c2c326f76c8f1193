import Foundation

/// The folder a fixture's module is built from. A folder fixture is built where it is; a patch
/// is applied to the solution and written to `<state>/fixture-sources/<kind>/<exercise>/<id>`,
/// which must be inside the course (SwiftPM builds targets of the package's own folder only).
/// Files are rewritten only when their text changed, so an unchanged fixture is not recompiled.
struct FixtureFolder {
    let root: String
    let stateFolder: String

    /// The fixture's folder, relative to the course root.
    func sources(of fixture: Fixture, kind: String, in exercise: Exercise) throws(GradingError) -> String {
        guard fixture.isPatch else { return fixture.path }
        let base = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
        let folder = URL(fileURLWithPath: stateFolder + "/fixture-sources/\(kind)/\(exercise.id)/\(fixture.id)").standardizedFileURL.path
        guard folder.hasPrefix(base) else {
            throw GradingError("the state folder '\(stateFolder)' is outside the course '\(root)'; a patched fixture is built from a folder inside the course")
        }
        try write(fixture.files(of: exercise, root: root), to: folder)
        return String(folder.dropFirst(base.count))
    }

    private func write(_ files: [String: String], to folder: String) throws(GradingError) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for old in try manager.contentsOfDirectory(atPath: folder) where files[old] == nil {
                try manager.removeItem(atPath: folder + "/" + old)
            }
            for (name, text) in files where (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) != text {
                try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
            }
        } catch {
            throw GradingError("cannot write the fixture's sources to '\(folder)': \(error.localizedDescription)")
        }
    }
}
