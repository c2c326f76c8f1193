import Foundation
import Testing

/// `swift run grade mutate` end to end, on a fixture course of two deterministic exercises (one
/// suite strong, one weak on purpose). Here and not in the course package's self-tests, because
/// the tool it runs is built with swift-syntax, which the course's `swift test` must not build.
@Suite(.serialized) struct GradeMutateTests {
    static let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let courseRoot = tools.deletingLastPathComponent().path
    static let fixture = tools.path + "/Tests/MutationTests/Fixtures/arithmetic"

    /// The tool as this test run built it (a `swift build` of the tools' package would wait for
    /// the build folder this `swift test` holds).
    static var toolExecutable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/course-mutants"
    }

    struct Run { var status: Int32; var output: String; var errors: String }

    static func run(_ executable: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let (output, errors) = (Pipe(), Pipe())
        (process.standardOutput, process.standardError) = (output, errors)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: errorData, as: UTF8.self))
    }

    /// The course's grader, built in its own package.
    static let grade: Result<String, any Error> = Result {
        let built = try run("/usr/bin/env", ["swift", "build", "--package-path", courseRoot, "--product", "grade"])
        guard built.status == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: built.output + built.errors]) }
        let path = try run("/usr/bin/env", ["swift", "build", "--package-path", courseRoot, "--show-bin-path"])
        return path.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/grade"
    }

    /// A fresh copy of the fixture (its build state stays in the copy).
    static func copy() throws -> String {
        let copy = FileManager.default.temporaryDirectory.path + "/grade-mutate-fixture-\(getpid())"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: fixture, toPath: copy)
        return copy
    }

    static let terminal: Result<Run, any Error> = Result {
        try run(try grade.get(), ["mutate", "--package-path", try copy(), "--mutation-tool", toolExecutable])
    }

    @Test func tablePerExerciseAndTheCourse() throws {
        let run = try Self.terminal.get()
        #expect(run.status == 1, "an exercise under its threshold: \(run.errors)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(4)) == [
            "exercise                      mutants  killed  survived  equivalent  score  threshold",
            "strong                              4       3         0           1   100%  100%",
            "weak                                2       1         1           0    50%  90%  BELOW",
            "course                              6       4         1           1    80%  ",
        ])
    }

    @Test func survivorsWithTheirDiffsEquivalentsWithTheirReasons() throws {
        let output = try Self.terminal.get().output
        #expect(output.contains("""
            weak:
              survived Weak.swift:2:arithmetic-operator: replaces + by -
                @@ Weak.swift:2
                - a + b
                + a - b
              1 mutant did not compile and were discarded: Weak.swift:6:arithmetic-operator
            """))
        #expect(output.contains("  equivalent Strong.swift:7:boundary-shift: At 0 both branches give 0."))
        #expect(output.contains("course.xml:10:7: warning: <equivalent> names mutant 'Strong.swift:99:remove-join', which the mutation tool no longer makes; remove it or give the mutant's new name"))
    }

    @Test func jsonHasOneObjectPerExercise() throws {
        let run = try Self.run(try Self.grade.get(), ["mutate", "weak", "--format", "json", "--package-path", try Self.copy(), "--mutation-tool", Self.toolExecutable])
        let objects = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]]
        #expect(objects?.count == 1)
        #expect(objects?.first?["id"] as? String == "weak")
        #expect(objects?.first?["score"] as? Double == 0.5)
        #expect(objects?.first?["discarded"] as? Int == 1)
    }

    @Test func userErrors() throws {
        let grade = try Self.grade.get()
        let unknown = try Self.run(grade, ["mutate", "nosuch", "--package-path", Self.fixture, "--mutation-tool", Self.toolExecutable])
        #expect(unknown.status == 2)
        #expect(unknown.errors == "error: no exercise or chapter 'nosuch' in the course; known ids: arithmetic, strong, weak\n")
        let missing = try Self.run(grade, ["mutate", "--package-path", try Self.copy()])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("error: the mutation tool's package is missing: "))
        #expect(missing.errors.contains("/InstructorTools/Package.swift; `grade mutate` needs the instructor's repository (not a student edition), or --mutation-tool <folder or executable>"))
        let verify = try Self.run(grade, ["verify", "--mutants", "--no-build", "--package-path", Self.fixture])
        #expect(verify.status == 2)
        #expect(verify.errors.contains("--mutants needs builds; it cannot be combined with --no-build"))
    }
}
