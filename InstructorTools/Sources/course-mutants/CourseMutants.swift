import ArgumentParser
import Foundation
import Mutation

/// Writes the mutant schema of one exercise's reference solution into a folder, and prints its
/// mutants as JSON (an array of `Mutant`) for the grader's `grade mutate`.
@main
struct CourseMutants: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course-mutants",
        abstract: "Write the mutant schema of Swift files and list their mutants as JSON.")

    @Option(name: .long, help: "The folder to write the schema's files into (made if missing).")
    var output: String

    @Option(name: .long, help: "When the classic operators apply: without-concurrency, always or never.")
    var classic: String = MutantSchema.Classic.withoutConcurrency.rawValue

    @Option(name: .long, help: "Leave out this mutant (its id); may be repeated.")
    var exclude: [String] = []

    @Argument(help: "The Swift files of the reference solution.")
    var files: [String]

    func validate() throws {
        guard MutantSchema.Classic(rawValue: classic) != nil else {
            throw ValidationError("--classic must be one of \(MutantSchema.Classic.allCases.map(\.rawValue).joined(separator: ", ")), not '\(classic)'")
        }
    }

    func run() throws {
        var sources: [MutantSchema.File] = []
        for path in files {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read '\(path)'")
            }
            sources.append(.init(name: (path as NSString).lastPathComponent, text: text))
        }
        let schema = MutantSchema(sources: sources, classic: MutantSchema.Classic(rawValue: classic)!, excluded: Set(exclude))
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        for file in schema.files {
            try file.text.write(toFile: output + "/" + file.name, atomically: true, encoding: .utf8)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(schema.mutants), as: UTF8.self))
    }
}
