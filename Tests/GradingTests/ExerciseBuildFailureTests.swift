import Foundation
import Testing
@testable import Grading

/// The build stage's errors that no exercise is to blame for, on the twins fixture: exercises
/// that build one at a time but not together, and a successful build without a test binary.
@Suite(.serialized) struct ExerciseBuildFailureTests {
    static let twins = FixtureCourse("twins", sharedSources: [])

    @Test func exercisesThatBuildAloneButNotTogetherAreAnError() throws {
        let course = Self.twins
        try course.prepare()
        defer { course.restore() }
        // The same C symbol in both: each module links alone, the test binary of both does not.
        try course.write("public func left() -> Int { 1 }\n@_cdecl(\"twins_entry\") public func leftEntry() -> Int32 { 1 }\n",
                         to: "Exercises/twins/left/Left.swift")
        try course.write("public func right() -> Int { 0 }\n@_cdecl(\"twins_entry\") public func rightEntry() -> Int32 { 2 }\n",
                         to: "Exercises/twins/right/Right.swift")
        let run = try runProgram(gradeExecutable, ["--no-cache"], in: course.root, environment: ["NO_COLOR": "1"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.output.hasPrefix("error: the exercises build one by one but not together; the build said:\n"), "\(run.output)")
        #expect(run.output.contains("twins_entry"), "the linker's complaint is shown: \(run.output)")
    }

    @Test func aBuildWithoutTestTargetsIsAnErrorNotAnOldBinary() throws {
        let course = Self.twins
        try course.prepare()
        defer { course.restore() }
        // A build with the suites first, so that a test binary is there to be mistaken for this one's.
        let first = try runProgram(gradeExecutable, ["--no-cache"], in: course.root, environment: ["NO_COLOR": "1"])
        #expect(first.status == 1, "\(first.output)")
        // An instructor's Package.swift that lists the exercises but adds no test targets.
        let package = try String(contentsOfFile: course.root + "/Package.swift", encoding: .utf8)
        let withoutSuites = package.replacingOccurrences(
            of: "package.targets.append(.testTarget(name: target, dependencies: [.target(name: exercise.module)], path: path))",
            with: "_ = (target, path)")
        try #require(withoutSuites != package, "the fixture's Package.swift changed; update this test")
        try course.write(withoutSuites, to: "Package.swift")
        let run = try runProgram(gradeExecutable, ["--no-cache"], in: course.root, environment: ["NO_COLOR": "1"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.output == "error: the build succeeded but no test binary was found in \(course.root)/.build-grade/starters/debug\n")
    }
}
