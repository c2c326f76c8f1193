import Foundation

/// Builds the mutant schemata of a set of exercises (see `MutationAnalysis`): makes each
/// exercise's schema with the mutation tool, builds them all in one package build, and while
/// the compiler rejects some mutants, leaves those out and tries again.
struct SchemaBuild {
    struct Schema {
        var mutants: [MutantTool.Mutant] = []
        /// Mutants left out because they do not compile, with the compiler's error.
        var discarded: [(mutant: MutantTool.Mutant, error: String)] = []
    }

    struct Outcome {
        var schemas: [String: Schema]
        var runner: SuiteRun
        var sanitizedRunner: SuiteRun?
        var sanitizerProblems: [String: String]
        /// Exercises whose schema still did not build, with the compiler's errors.
        var broken: [String: String]
    }

    var analysis: MutationAnalysis
    var tool: MutantTool

    private var schemaRoot: String { analysis.stateFolder + "/mutants/schemata" }

    func build(_ exercises: [Exercise]) throws(GradingError) -> Outcome {
        let folders = try schemaFolders(for: exercises)
        var schemas: [String: Schema] = [:]
        var excluded: [String: Set<String>] = [:]
        var broken: [String: String] = [:]
        var pending = exercises
        var builder = ExerciseBuild(root: analysis.root, scratchPath: analysis.stateFolder + "/mutants/build", sources: .solutions)
        builder.folders = Dictionary(uniqueKeysWithValues: exercises.map { ($0.module, folders[$0.id]!) })
        builder.progress = analysis.progress
        var built: ExerciseBuild.Outcome!
        for round in 1...MutationAnalysis.compileRounds {
            for exercise in pending {
                analysis.progress("making the mutants of \(exercise.id)")
                let folder = analysis.root + "/" + folders[exercise.id]!
                try? FileManager.default.removeItem(atPath: folder)
                schemas[exercise.id, default: Schema()].mutants = try tool.schema(
                    of: exercise.solutions.map { analysis.root + "/" + $0 }, into: folder, excluding: excluded[exercise.id] ?? [])
            }
            let building = exercises.filter { broken[$0.id] == nil }
            built = try builder.build(building)
            pending = []
            for (id, diagnostics) in built.broken {
                let blamed = Self.blame(diagnostics, on: schemas[id]!.mutants)
                guard !blamed.isEmpty, round < MutationAnalysis.compileRounds else {
                    broken[id] = diagnostics.first ?? "the build failed"
                    continue
                }
                for (mutant, error) in blamed {
                    schemas[id]!.discarded.append((mutant, error))
                    excluded[id, default: []].insert(mutant.id)
                }
                pending += exercises.filter { $0.id == id }
            }
            if pending.isEmpty { break }
        }
        guard let binary = built.testBinary else {
            throw GradingError((["no mutant schema could be built:"] + broken.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }).joined(separator: "\n"))
        }
        let events = analysis.stateFolder + "/mutant-events"
        try? FileManager.default.createDirectory(atPath: events, withIntermediateDirectories: true)
        let runner = SuiteRun(testBinary: binary, workingDirectory: analysis.root, eventsFolder: events,
                              inventory: try XCTestInventory.listed(in: binary, workingDirectory: analysis.root))
        let sanitized = try sanitizedRunner(for: built.built, builder: builder, events: events)
        return Outcome(schemas: schemas, runner: runner, sanitizedRunner: sanitized.runner,
                       sanitizerProblems: sanitized.problems, broken: broken)
    }

    /// Each exercise's schema folder, relative to the course root (SwiftPM takes target paths
    /// inside the package).
    private func schemaFolders(for exercises: [Exercise]) throws(GradingError) -> [String: String] {
        let root = analysis.root.hasSuffix("/") ? analysis.root : analysis.root + "/"
        guard schemaRoot.hasPrefix(root) else {
            throw GradingError("the state folder \(analysis.stateFolder) is not inside the course \(analysis.root); the mutant schemata must be, for SwiftPM to build them")
        }
        let relative = String(schemaRoot.dropFirst(root.count))
        return Dictionary(uniqueKeysWithValues: exercises.map { ($0.id, relative + "/" + $0.module) })
    }

    /// The mutants whose code holds the lines the errors name: the innermost branch holding the
    /// line, or else the nearest branch before it (an error in a wrapped `else` branch comes from
    /// the mutant `if` just before it).
    static func blame(_ diagnostics: [String], on mutants: [MutantTool.Mutant]) -> [(MutantTool.Mutant, String)] {
        var blamed: [String: (MutantTool.Mutant, String)] = [:]
        for diagnostic in diagnostics {
            let first = String(diagnostic.split(separator: "\n").first ?? "")
            guard let (file, line) = place(of: first) else { continue }
            let candidates = mutants.filter { $0.file == file }
            let holding = candidates.filter { $0.schemaLines.contains(line) }.min { $0.schemaLines.count < $1.schemaLines.count }
            let before = candidates.filter { $0.schemaLines.lowerBound <= line }.max { $0.schemaLines.lowerBound < $1.schemaLines.lowerBound }
            if let mutant = holding ?? before, blamed[mutant.id] == nil {
                let message = first.range(of: ": error: ").map { String(first[$0.upperBound...]) } ?? first
                blamed[mutant.id] = (mutant, message)
            }
        }
        return blamed.values.sorted { $0.0.number < $1.0.number }
    }

    /// `path/File.swift:12:5: error: ...` -> (`File.swift`, 12).
    static func place(of diagnostic: String) -> (file: String, line: Int)? {
        guard let marker = diagnostic.range(of: ": error: ") else { return nil }
        let place = diagnostic[..<marker.lowerBound].split(separator: ":")
        guard place.count >= 3, let line = Int(place[place.count - 2]) else { return nil }
        let path = place.dropLast(2).joined(separator: ":")
        return (String(path.split(separator: "/").last ?? ""), line)
    }

    /// The ThreadSanitizer build of the race-checked exercises' schemata.
    private func sanitizedRunner(
        for exercises: [Exercise], builder: ExerciseBuild, events: String
    ) throws(GradingError) -> (runner: SuiteRun?, problems: [String: String]) {
        let raced = exercises.filter(\.checks.race)
        guard analysis.threadSanitizer, !raced.isEmpty else { return (nil, [:]) }
        var sanitizing = builder
        sanitizing.scratchPath = analysis.stateFolder + "/mutants/build-tsan"
        sanitizing.threadSanitizer = true
        let built = try sanitizing.build(raced)
        var problems: [String: String] = [:]
        for (id, diagnostics) in built.broken {
            problems[id] = "the ThreadSanitizer build of the mutant schema failed: " + (diagnostics.first ?? "")
        }
        guard let binary = built.testBinary else { return (nil, problems) }
        var runner = SuiteRun(testBinary: binary, workingDirectory: analysis.root, eventsFolder: events,
                              inventory: try XCTestInventory.listed(in: binary, workingDirectory: analysis.root))
        runner.threadSanitizer = true
        return (runner, problems)
    }
}
