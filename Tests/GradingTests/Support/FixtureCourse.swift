import Foundation
import Synchronization
import Testing
@testable import Grading

/// The main package's root, found from this file.
let mainRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// A fixture course from `Tests/GradingTests/Fixtures`, copied with the grader's XCTest
/// observer to a folder next to this test binary (so test runs with different scratch paths
/// never share one), where its build state stays between runs: only the first run builds it
/// from scratch.
struct FixtureCourse {
    let name: String
    let root: String
    /// Folders of the main package's `Sources/` copied into the fixture's.
    let sharedSources: [String]

    /// `copy`: the copy's folder name, for a test that needs a copy (and a build) of its own.
    init(_ name: String, sharedSources: [String] = ["GradingSupport"], copy: String? = nil) {
        self.name = name
        self.sharedSources = sharedSources
        root = testBinaryFolder + "/grading-fixtures/" + (copy ?? name)
    }

    /// Refreshes the copy's sources (never its `.build-grade` state).
    func prepare() throws {
        let manager = FileManager.default
        let source = mainRoot + "/Tests/GradingTests/Fixtures/" + name
        try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
        for item in try manager.contentsOfDirectory(atPath: source) {
            if manager.fileExists(atPath: root + "/" + item) { try manager.removeItem(atPath: root + "/" + item) }
            try manager.copyItem(atPath: source + "/" + item, toPath: root + "/" + item)
        }
        try? manager.removeItem(atPath: root + "/Sources")
        try manager.createDirectory(atPath: root + "/Sources", withIntermediateDirectories: true)
        for folder in sharedSources {
            try manager.copyItem(atPath: mainRoot + "/Sources/" + folder, toPath: root + "/Sources/" + folder)
        }
    }

    /// Puts the sources back after a test that edited them; a failure is the test's, not
    /// silence (the next test would grade the edited files).
    func restore(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do { try prepare() } catch {
            Issue.record("could not put back the fixture's sources at \(root): \(error)", sourceLocation: sourceLocation)
        }
    }

    func grade(_ ids: [String] = [], sources: GradingPlan.Sources = .starters, useCache: Bool = false, seed: UInt64? = nil) throws -> GradingOutcome {
        var options = Grader.Options(root: root, ids: ids, sources: sources)
        options.useCache = useCache
        options.seed = seed
        return try Grader(options: options).run()
    }

    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
    }
}

/// Grading runs of the fixture share one build folder: one at a time.
let fixtureLock = Mutex(())

/// The mixed fixture graded once per sources kind, shared by every test that reads it.
enum MixedFixture {
    static let course = FixtureCourse("mixed")

    static let starters: Result<GradingOutcome, any Error> = fixtureLock.withLock { _ in
        Result {
            try course.prepare()
            return try course.grade()
        }
    }

    static let solutions: Result<GradingOutcome, any Error> = fixtureLock.withLock { _ in
        Result {
            try course.prepare()
            return try course.grade(sources: .solutions)
        }
    }
}

extension GradingOutcome {
    func result(_ id: String) throws -> ExerciseResult {
        guard let result = results.first(where: { $0.exerciseID == id }) else {
            throw GradingError("no result for \(id)")
        }
        return result
    }
}

/// Runs a program and returns its exit status and output (stdout and stderr together).
func runProgram(_ path: String, _ arguments: [String], in folder: String, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    var merged = ProcessInfo.processInfo.environment
    merged.merge(environment) { $1 }
    let outcome = try ChildProcess(
        executable: path, arguments: arguments, environment: merged, workingDirectory: folder,
        timeout: .seconds(600), outputLimit: 4 * 1024 * 1024
    ).run()
    guard case .exited(let status) = outcome.ending else {
        throw GradingError("\(path) did not exit normally: \(outcome.ending)")
    }
    return (status, outcome.output.text)
}

/// `xmllint --schema` on a report; returns what xmllint said when it is not valid.
func validateJUnit(_ path: String) throws -> [String] {
    var problems: [String] = []
    for schema in ["ant-junit.xsd", "jenkins-junit-10.xsd"] {
        let schemaPath = mainRoot + "/Tests/GradingTests/Fixtures/junit-schemas/" + schema
        let result = try runProgram("xmllint", ["--noout", "--schema", schemaPath, path], in: mainRoot)
        if result.status != 0 { problems.append(schema + ": " + result.output) }
    }
    return problems
}

/// The folder of this test binary (`<scratch>/<triple>/debug`), where SwiftPM also puts `grade`.
let testBinaryFolder: String = {
    let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: binary).deletingLastPathComponent().path
}()

/// The `grade` executable built next to this test binary.
var gradeExecutable: String { testBinaryFolder + "/grade" }
