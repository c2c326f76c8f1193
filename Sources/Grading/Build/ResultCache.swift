import Foundation

/// The results of earlier runs, one JSON file per exercise and sources kind, each stored with
/// the fingerprint it was graded at. Lives in the grader's scratch folder (ignored by git).
struct ResultCache {
    private struct Entry: Codable {
        var fingerprint: String
        var result: ExerciseResult
    }

    var folder: String

    func result(for exerciseID: String, fingerprint: String) -> ExerciseResult? {
        guard let data = FileManager.default.contents(atPath: path(exerciseID)),
              let entry = try? JSONDecoder().decode(Entry.self, from: data),
              entry.fingerprint == fingerprint else { return nil }
        var result = entry.result
        result.fromCache = true
        return result
    }

    func store(_ result: ExerciseResult, fingerprint: String) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let data = try? JSONEncoder().encode(Entry(fingerprint: fingerprint, result: result)) else { return }
        // Written aside and renamed, so an interrupted run never leaves a half entry.
        let temporary = path(exerciseID: result.exerciseID) + ".tmp"
        if FileManager.default.createFile(atPath: temporary, contents: data) {
            _ = rename(temporary, path(result.exerciseID))
        }
    }

    private func path(_ exerciseID: String) -> String { folder + "/" + exerciseID + ".json" }
    private func path(exerciseID: String) -> String { path(exerciseID) }
}
