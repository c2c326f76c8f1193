import Foundation
@testable import Grading

/// A one-exercise course written to a temporary folder, for manifest tests that need files
/// but no build. `courseXML` replaces course.xml; `packageLines` the Package.swift list.
struct TinyCourse {
    let root: String

    static let validXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <course id="tiny" title="Tiny" version="1.0.0">
          <chapter id="basics" title="Basics" lesson="Exercises/basics/lesson.md" status="published">
            <exercise id="adding" title="Adding" module="Adding" points="1">
              <starter>Exercises/basics/adding/Add.swift</starter>
              <solution>Solutions/basics/adding/Add.swift</solution>
              <suite target="AddingTests" framework="swift-testing" path="Tests/basics/adding"/>
            </exercise>
          </chapter>
        </course>

        """

    static let validLine = #".exercise("Adding", starter: "Exercises/basics/adding", solution: "Solutions/basics/adding", suites: [("AddingTests", "Tests/basics/adding")]),"#

    init(courseXML: String = TinyCourse.validXML, packageLines: [String] = [TinyCourse.validLine]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-course-\(UUID().uuidString)").path
        let files = [
            "Exercises/basics/lesson.md": "# Basics\n",
            "Exercises/basics/adding/Add.swift": StarterHeader.tinyAdding + "public func add(_ a: Int, _ b: Int) -> Int { 0 }\n",
            "Solutions/basics/adding/Add.swift": "public func add(_ a: Int, _ b: Int) -> Int { a + b }\n",
            "Tests/basics/adding/AddTests.swift": "import Adding\nimport Testing\n@Test func adds() { #expect(add(1, 2) == 3) }\n",
            "course.xml": courseXML,
            "Package.swift": "// swift-tools-version:6.1\nimport PackageDescription\n// BEGIN course exercises\nlet courseExercises: [CourseExercise] = [\n"
                + packageLines.map { "    " + $0 + "\n" }.joined() + "]\n// END course exercises\n",
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(atPath: root + "/" + path)
    }

    /// The problems reading the manifest reports, or [] when it reads fine.
    func manifestProblems() -> [String] {
        do {
            _ = try ManifestReader(root: root).read()
            return []
        } catch {
            return error.problems
        }
    }

    func course() throws -> Course {
        try ManifestReader(root: root).read()
    }
}

extension StarterHeader {
    /// The header of the tiny course's one starter.
    static let tinyAdding = """
        // Exercise adding: Adding (chapter Basics).
        // Read first: Exercises/basics/lesson.md, the section on adding.
        // Check it: swift run grade adding    Stuck? swift run grade hint adding


        """
}
