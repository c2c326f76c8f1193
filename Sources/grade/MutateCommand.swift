import ArgumentParser
import Foundation
import Grading

/// `grade mutate`: measures the strength of the suites with mutants of the reference solutions
/// (see `MutationAnalysis`). For instructors; it builds the tools package `InstructorTools`.
struct GradeMutate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mutate",
        abstract: "Measure the suites: grade mutants of the reference solutions and report which survive.",
        discussion: """
            Prints a table per exercise (mutants, killed, survived, equivalent, score) and the diff \
            of every survivor. Mark a survivor that is really correct in course.xml with \
            <equivalent mutant="..." reason="..."/>. A full run takes long: see Documentation/Instructors.md. \
            Exit status: 0 every exercise at or above its threshold, 1 some below, 2 usage or manifest error.
            """)

    @Argument(help: "Exercise or chapter ids (default: all).")
    var ids: [String] = []

    @Option(help: ArgumentHelp("terminal (a table and the survivors' diffs) or json (one object per exercise).", valueName: "format"))
    var format: ReportFormat = .terminal

    @Option(help: ArgumentHelp("The mutation tool: its package folder, built first (default: InstructorTools in the course), or its built executable.", valueName: "path"))
    var mutationTool: String?

    @OptionGroup var location: CourseLocation

    func run() throws {
        installInterruptHandler()
        try runCommand { () throws(GradingError) -> Int32 in
            let root = try location.root()
            let course = try ManifestReader(root: root).read()
            let disagreements = PackageAgreement(root: root).problems(for: course)
            if !disagreements.isEmpty { throw GradingError(disagreements) }
            let plan = try GradingPlan(course: course, ids: ids, sources: .solutions)
            let progress = ProgressLine()
            var analysis = MutationAnalysis(root: root) { progress.show($0) }
            analysis.mutationTool = mutationTool
            let reports = try analysis.analyse(plan.exercises)
            progress.clear()
            print(format == .json ? MutationReportText.json(reports) : MutationReportText.terminal(reports))
            return reports.allSatisfy(\.meetsThreshold) ? 0 : 1
        }
    }
}
