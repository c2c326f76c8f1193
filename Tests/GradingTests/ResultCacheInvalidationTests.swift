import Foundation
import Synchronization
import Testing
@testable import Grading

/// The result cache may skip an exercise only when nothing its result depends on changed: a
/// hidden suite, the exercise's entry in course.xml or Package.swift changed must re-grade it
/// (a starter edit is in FixtureGradingTests). Each step edits one file of the mixed fixture
/// and grades two exercises with the cache on.
@Suite(.serialized) struct ResultCacheInvalidationTests {
    static let ids = ["passing-xctest", "failing-xctest"]

    @Test func changedHiddenSuiteIsRegradedWithTheNewSuite() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            defer { course.restore() }
            try gradeUntilCached(course)

            // The starter adds instead of multiplying: 2 + 2 == 4 and 3 + 3 == 6.
            try course.write("""
                import FailingX
                import XCTest

                final class SquareTests: XCTestCase {
                    func testTwo() { XCTAssertEqual(square(2), 4) }
                    func testThree() { XCTAssertEqual(square(3), 6) }
                }

                """, to: "Tests/basics/failing-xctest/SquareTests.swift")
            let outcome = try course.grade(Self.ids, useCache: true)
            #expect(outcome.results.map(\.fromCache) == [true, false])
            #expect(outcome.results.map(\.verdict) == [.passed, .passed])
        }
    }

    @Test func changedManifestEntryIsRegraded() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            defer { course.restore() }
            try gradeUntilCached(course)
            let manifest = try String(contentsOfFile: course.root + "/course.xml", encoding: .utf8)
            let entry = #"<exercise id="failing-xctest" title="Failing XCTest" module="FailingX" points="5""#
            #expect(manifest.contains(entry))
            try course.write(manifest.replacingOccurrences(of: entry, with: entry.replacingOccurrences(of: #"points="5""#, with: #"points="7""#)), to: "course.xml")
            let outcome = try course.grade(Self.ids, useCache: true)
            #expect(outcome.results.map(\.fromCache) == [true, false])
            #expect(outcome.results.map(\.pointsPossible) == [3, 7])
        }
    }

    @Test func changedPackageManifestRegradesEverything() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            defer { course.restore() }
            try gradeUntilCached(course)
            let package = try String(contentsOfFile: course.root + "/Package.swift", encoding: .utf8)
            try course.write(package + "// a change to the package manifest\n", to: "Package.swift")
            let outcome = try course.grade(Self.ids, useCache: true)
            #expect(outcome.results.map(\.fromCache) == [false, false])
            #expect(outcome.results.map(\.verdict) == [.passed, .failed])
        }
    }

    /// A starter saved after the grader took its fingerprint but before the build read it: the
    /// verdict is of the saved file, so it must not be kept under the fingerprint of the file
    /// before (once the student undid the edit, the cache would answer for the wrong text).
    @Test func aFileSavedDuringTheRunIsNotCachedUnderItsOldText() throws {
        _ = try MixedFixture.starters.get()
        try fixtureLock.withLock { _ in
            let course = MixedFixture.course
            defer { course.restore() }
            try gradeUntilCached(course)
            let starter = "Exercises/basics/failing-xctest/Square.swift"
            let original = try String(contentsOfFile: course.root + "/" + starter, encoding: .utf8)
            let saved = Mutex(false)
            var options = Grader.Options(root: course.root, ids: ["failing-xctest"])
            options.useCache = false
            let grader = Grader(options: options) { line in
                guard line.hasPrefix("building") else { return }
                saved.withLock { done in
                    guard !done else { return }
                    try? course.write("public func square(_ a: Int) -> Int { a * a }\n", to: starter)
                    done = true
                }
            }
            let during = try grader.run()
            #expect(saved.withLock { $0 }, "the grader said nothing before its build; this test needs another moment to save")
            #expect(during.results.map(\.verdict) == [.passed], "the build compiled the saved file")

            // Back to the text graded first: its own result (failed), cached or not, never the
            // saved file's.
            try course.write(original, to: starter)
            let after = try course.grade(["failing-xctest"], useCache: true)
            #expect(after.results.map(\.verdict) == [.failed])
        }
    }

    /// Grades `ids` so that the cache holds their current state (earlier tests may have left
    /// results of edited files), and checks that a second run comes from the cache.
    private func gradeUntilCached(_ course: FixtureCourse) throws {
        _ = try course.grade(Self.ids, useCache: true)
        #expect(try course.grade(Self.ids, useCache: true).results.map(\.fromCache) == [true, true])
    }
}
