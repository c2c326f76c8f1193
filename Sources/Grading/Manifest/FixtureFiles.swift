import Foundation

extension Fixture {
    /// The fixture's files by name, as its build sees them: the solution's files with the patch
    /// applied, or the files of its folder. The errors name the fixture's place in course.xml
    /// (`declaredAt`, else its element) or the line of the patch that does not apply.
    func files(of exercise: Exercise, root: String, declaredAt: String? = nil) throws(GradingError) -> [String: String] {
        let declaration = declaredAt ?? location.description
        guard isPatch else { return try folderFiles(of: exercise, root: root, declaredAt: declaration) }
        guard let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) else {
            throw GradingError("\(kind(of: exercise)) '\(id)' of exercise '\(exercise.id)' names the patch '\(path)', which does not exist", at: declaration)
        }
        let diff = try UnifiedDiff(text, origin: path)
        var files: [String: String] = [:]
        for solution in exercise.solutions {
            files[name(of: solution)] = try? String(contentsOfFile: root + "/" + solution, encoding: .utf8)
        }
        for change in diff.files {
            if !change.isCreation && files[change.name] == nil {
                throw GradingError("the patch changes \(change.name), which is not a solution file of exercise '\(exercise.id)' (\(exercise.solutions.map(name(of:)).joined(separator: ", ")))", at: path)
            }
            let changed = try UnifiedDiff.apply(change, to: files[change.name], origin: path)
            files[change.name] = change.isDeletion ? nil : changed
        }
        return files
    }

    /// A folder fixture holds a copy of every solution file.
    private func folderFiles(of exercise: Exercise, root: String, declaredAt declaration: String) throws(GradingError) -> [String: String] {
        var files: [String: String] = [:]
        for solution in exercise.solutions {
            let file = path + "/" + name(of: solution)
            guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else {
                let what = exercise.mistakes.contains(self) ? "written the wrong way" : "written another correct way"
                throw GradingError("\(kind(of: exercise)) '\(id)' of exercise '\(exercise.id)' has no '\(file)'; expected a copy of each solution file, \(what)", at: declaration)
            }
            files[name(of: solution)] = text
        }
        return files
    }

    private func kind(of exercise: Exercise) -> String {
        exercise.mistakes.contains(self) ? "mistake" : "alternative"
    }

    private func name(of file: String) -> String {
        String(file.split(separator: "/").last ?? Substring(file))
    }
}
