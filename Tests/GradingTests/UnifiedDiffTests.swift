import Testing
@testable import Grading

/// The diffs fixtures are kept as: read as `diff -u`, `diff -ruN` and `git diff` print them,
/// applied only where every context and removed line matches.
@Suite struct UnifiedDiffTests {
    let original = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"

    private func applied(_ diff: String, to text: String?) throws -> String {
        let parsed = try UnifiedDiff(diff, origin: "fix.patch")
        #expect(parsed.files.count == 1)
        return try UnifiedDiff.apply(parsed.files[0], to: text, origin: "fix.patch")
    }

    @Test func hunksReplaceRemoveAndAddLinesWhereTheySay() throws {
        let diff = """
            --- a/Tally.swift
            +++ b/Tally.swift
            @@ -1,4 +1,4 @@
             line 1
            -line 2
            +line two
             line 3
             line 4
            @@ -9,4 +9,5 @@
             line 9
             line 10
            +line 10.5
             line 11
            -line 12
            +line twelve

            """
        let expected = original.replacingOccurrences(of: "line 2\n", with: "line two\n")
            .replacingOccurrences(of: "line 11\nline 12\n", with: "line 10.5\nline 11\nline twelve\n")
        #expect(try applied(diff, to: original) == expected)
        #expect(try UnifiedDiff(diff, origin: "fix.patch").files[0].name == "Tally.swift")
    }

    /// `diff -ruN old new` names files by their folders, with dates after a tab, and says which
    /// command made it; only the last path component names the file.
    @Test func diffsOfFoldersWithDatesAndPreamblesNameTheFileByItsLastComponent() throws {
        let diff = """
            diff -ruN Solutions/05-threads/tally/Tally.swift /tmp/mine/Tally.swift
            --- Solutions/05-threads/tally/Tally.swift\t2026-12-03 10:00:00.000000000 +0000
            +++ /tmp/mine/Tally.swift\t2026-12-03 10:05:00.000000000 +0000
            @@ -12 +12 @@
            -line 12
            +line 12 changed

            """
        #expect(try applied(diff, to: original) == original.replacingOccurrences(of: "line 12\n", with: "line 12 changed\n"))
    }

    @Test func aNewFileAndTheLastNewlineAreKeptAsTheDiffSays() throws {
        let creation = """
            --- /dev/null
            +++ b/Helper.swift
            @@ -0,0 +1,2 @@
            +let a = 1
            +let b = 2
            \\ No newline at end of file

            """
        let parsed = try UnifiedDiff(creation, origin: "fix.patch")
        #expect(parsed.files[0].isCreation && parsed.files[0].name == "Helper.swift")
        #expect(try UnifiedDiff.apply(parsed.files[0], to: nil, origin: "fix.patch") == "let a = 1\nlet b = 2")

        let addsNewline = """
            --- a/A.swift
            +++ b/A.swift
            @@ -1 +1 @@
            -let a = 1
            \\ No newline at end of file
            +let a = 1

            """
        #expect(try applied(addsNewline, to: "let a = 1") == "let a = 1\n")
    }

    @Test func aHunkThatNoLongerMatchesNamesItsLineAndWhatItFound() {
        let diff = """
            --- a/Tally.swift
            +++ b/Tally.swift
            @@ -2,2 +2,2 @@
             line 2
            -line 3
            +line three

            """
        let changed = original.replacingOccurrences(of: "line 3\n", with: "line 3 edited\n")
        #expect(throws: GradingError("the hunk does not apply to Tally.swift: line 3 should be 'line 3' but is 'line 3 edited'; make the diff again against the current solution", at: "fix.patch:3")) {
            try applied(diff, to: changed)
        }
        #expect(throws: GradingError("the hunk does not apply to Tally.swift: line 2 should be 'line 2' but is the end of the file; make the diff again against the current solution", at: "fix.patch:3")) {
            try applied(diff, to: "line 1\n")
        }
    }

    @Test func textThatIsNotAWellFormedDiffIsAnErrorWithItsLine() {
        #expect(throws: GradingError("not a unified diff: no '--- ' and '+++ ' file headers (make it with diff -u or git diff)", at: "fix.patch")) {
            try UnifiedDiff("public func add() {}\n", origin: "fix.patch")
        }
        #expect(throws: GradingError("a hunk header must read '@@ -start,count +start,count @@', not '@@ one two @@'", at: "fix.patch:3")) {
            try UnifiedDiff("--- a/A.swift\n+++ b/A.swift\n@@ one two @@\n", origin: "fix.patch")
        }
        #expect(throws: GradingError("the hunk ends before its 2 original and 2 new lines", at: "fix.patch:3")) {
            try UnifiedDiff("--- a/A.swift\n+++ b/A.swift\n@@ -1,2 +1,2 @@\n line 1\n", origin: "fix.patch")
        }
        #expect(throws: GradingError("a hunk line must begin with ' ', '-' or '+', not '*line 1'", at: "fix.patch:4")) {
            try UnifiedDiff("--- a/A.swift\n+++ b/A.swift\n@@ -1 +1 @@\n*line 1\n", origin: "fix.patch")
        }
        #expect(throws: GradingError("the file header of A.swift has no hunk after it", at: "fix.patch:3")) {
            try UnifiedDiff("--- a/A.swift\n+++ b/A.swift\n", origin: "fix.patch")
        }
    }
}
