import Foundation
import Testing
@testable import Grading

/// The grader's side of `grade mutate` that needs no mutation tool (the tool is built with
/// swift-syntax, which the course's `swift test` must not build; its tests, and `grade mutate`
/// end to end, are in `InstructorTools`): course.xml's `<equivalent>` and threshold, which
/// mutants a compile error discards, and the reports.
@Suite struct MutationAnalysisTests {
    static let equivalentXML = TinyCourse.validXML
        .replacingOccurrences(of: #"points="1">"#, with: #"points="1" mutation-threshold="0.75">"#)
        .replacingOccurrences(of: "    </exercise>", with: """
                  <equivalent mutant="Add.swift:1:arithmetic-operator" reason="Only ever  called with 0."/>
                </exercise>
            """)

    @Test func readsEquivalentMutantsAndTheThreshold() throws {
        let exercise = try TinyCourse(courseXML: Self.equivalentXML).course().exercises[0]
        #expect(exercise.mutationThreshold == 0.75)
        #expect(exercise.equivalentMutants == [EquivalentMutant(
            mutant: "Add.swift:1:arithmetic-operator", reason: "Only ever called with 0.",
            location: SourceLocation(file: "course.xml", line: 8, column: 7))])
        #expect(try TinyCourse().course().exercises[0].mutationThreshold == 0.9, "the default threshold")
    }

    @Test func aThresholdIsAShareAndAnEquivalentNeedsAReason() throws {
        let above = Self.equivalentXML.replacingOccurrences(of: "0.75", with: "1.5")
        let problems = try TinyCourse(courseXML: above).manifestProblems()
        #expect(problems == [
            "course.xml:4:69: error: Element 'exercise', attribute 'mutation-threshold': [facet 'maxInclusive'] The value '1.5' is greater than the maximum value allowed ('1').",
        ], "\(problems)")
        let noReason = Self.equivalentXML.replacingOccurrences(of: #" reason="Only ever  called with 0.""#, with: "")
        #expect(try TinyCourse(courseXML: noReason).manifestProblems() == [
            "course.xml:8:7: error: Element 'equivalent': The attribute 'reason' is required but missing.",
        ])
    }

    static func mutant(_ number: Int, _ lines: ClosedRange<Int>, file: String = "Add.swift") -> MutantTool.Mutant {
        MutantTool.Mutant(number: number, id: "\(file):\(number):remove-join", operatorName: "remove-join", file: file,
                          line: number, description: "does not join", diff: "", schemaLines: lines)
    }

    @Test func compileErrorsDiscardTheMutantWhoseBranchHoldsThem() {
        let mutants = [Self.mutant(1, 3...10), Self.mutant(2, 5...6), Self.mutant(3, 20...22), Self.mutant(4, 5...6, file: "Other.swift")]
        let blamed = SchemaBuild.blame([
            ".build-grade/mutants/schemata/Adding/Add.swift:5:9: error: cannot find 'x' in scope\n  5 | x",
            ".build-grade/mutants/schemata/Adding/Add.swift:9:1: error: missing return",
            ".build-grade/mutants/schemata/Adding/Add.swift:30:1: error: type mismatch in the else branch",
        ], on: mutants)
        #expect(blamed.map(\.0.number) == [1, 2, 3], "innermost branch, then the enclosing one, then the nearest before")
        #expect(blamed.map(\.1) == ["missing return", "cannot find 'x' in scope", "type mismatch in the else branch"])
        #expect(SchemaBuild.blame(["warning: nothing to see"], on: mutants).isEmpty)
        #expect(SchemaBuild.place(of: "/abs/path/Add.swift:12:5: error: oops")! == ("Add.swift", 12))
    }

    static func report(_ statuses: [MutationAnalysis.Outcome.Status], threshold: Double = 0.9) throws -> MutationAnalysis.Report {
        var exercise = try TinyCourse().course().exercises[0]
        exercise.mutationThreshold = threshold
        let outcomes = statuses.enumerated().map { index, status in
            MutationAnalysis.Outcome(id: "Add.swift:\(index + 1):arithmetic-operator", operatorName: "arithmetic-operator",
                                     description: "replaces + by -", diff: "@@ Add.swift:\(index + 1)\n- a + b\n+ a - b", status: status,
                                     detail: status == .equivalent ? "Only ever called with 0." : status == .discarded ? "cannot convert" : nil)
        }
        return MutationAnalysis.Report(exercise: exercise, outcomes: outcomes)
    }

    @Test func scoreCountsOnlyMutantsThatCanBeKilled() throws {
        let report = try Self.report([.killed, .killed, .killed, .survived, .equivalent, .discarded])
        #expect((report.mutants, report.killed, report.survived, report.equivalent, report.discarded) == (5, 3, 1, 1, 1))
        #expect(report.score == 0.75)
        #expect(!report.meetsThreshold)
        #expect(try Self.report([.equivalent]).score == 1, "nothing to kill")
    }

    @Test func terminalReportHasATableAndEverySurvivorsDiff() throws {
        let text = MutationReportText.terminal([try Self.report([.killed, .survived, .equivalent, .discarded], threshold: 0.5)])
        #expect(text == """
            exercise                      mutants  killed  survived  equivalent  score  threshold
            adding                              3       1         1           1    50%  50%
            course                              3       1         1           1    50%  

            adding:
              survived Add.swift:2:arithmetic-operator: replaces + by -
                @@ Add.swift:2
                - a + b
                + a - b
              equivalent Add.swift:3:arithmetic-operator: Only ever called with 0.
              1 mutant did not compile and were discarded: Add.swift:4:arithmetic-operator
            """)
    }

    @Test func jsonHasOneObjectPerExerciseWithItsIDAndScore() throws {
        let json = MutationReportText.json([try Self.report([.killed, .survived])])
        let objects = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(objects?.count == 1)
        #expect(objects?[0]["id"] as? String == "adding")
        #expect(objects?[0]["score"] as? Double == 0.5)
        #expect((objects?[0]["outcomes"] as? [[String: Any]])?.map { $0["status"] as? String } == ["killed", "survived"])
    }

    @Test func verifyFailsAnExerciseUnderItsThreshold() throws {
        #expect(MutationReportText.problems([try Self.report([.killed, .survived])]) == [
            "course.xml:4:5: error: the suites of exercise 'adding' kill 50% of its mutants, under its threshold of 90%; strengthen them against the survivors (Add.swift:2:arithmetic-operator) or mark a correct one <equivalent mutant=\"...\" reason=\"...\"/>",
        ])
        #expect(MutationReportText.problems([try Self.report([.killed, .killed])]).isEmpty)
    }

    @Test func anExerciseThatCannotBeMeasuredScoresZeroAndSaysWhy() throws {
        var report = try Self.report([.killed])
        report.problem = "error: the reference solution does not pass its suites (failed); fix it before measuring the suites with mutants"
        #expect(report.score == 0)
        #expect(MutationReportText.terminal([report]).hasSuffix("adding:\n  error: the reference solution does not pass its suites (failed); fix it before measuring the suites with mutants"))
        #expect(MutationReportText.problems([report]) == [
            "course.xml:4:5: error: the reference solution does not pass its suites (failed); fix it before measuring the suites with mutants (exercise 'adding')",
        ])
    }

    @Test func aCourseWithoutTheToolPackageSaysWhatToDo() throws {
        let tiny = try TinyCourse()
        var analysis = MutationAnalysis(root: tiny.root)
        analysis.threadSanitizer = false
        #expect(throws: GradingError("the mutation tool's package is missing: \(tiny.root)/InstructorTools/Package.swift; `grade mutate` needs the instructor's repository (not a student edition), or --mutation-tool <folder or executable>")) {
            _ = try analysis.analyse(try tiny.course().exercises)
        }
    }
}
