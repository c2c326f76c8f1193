import Foundation

/// The reports of `grade mutate`: a table per exercise and every survivor's diff for the
/// terminal, or JSON (one object per exercise) for scripts.
package enum MutationReportText {
    /// The table (one row per exercise, then the course), then each exercise's survivors with
    /// their diffs, its equivalent mutants with the instructor's reasons, and what was discarded.
    package static func terminal(_ reports: [MutationAnalysis.Report]) -> String {
        var lines = ["exercise                      mutants  killed  survived  equivalent  score  threshold"]
        func row(_ name: String, _ mutants: Int, _ killed: Int, _ survived: Int, _ equivalent: Int, _ score: Double, _ threshold: String) -> String {
            name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + pad(mutants, 7) + pad(killed, 8) + pad(survived, 10) + pad(equivalent, 12)
                + pad(percent(score), 7) + "  " + threshold
        }
        for report in reports {
            lines.append(row(report.exercise.id, report.mutants, report.killed, report.survived, report.equivalent, report.score,
                             percent(report.exercise.mutationThreshold) + (report.meetsThreshold ? "" : "  BELOW")))
        }
        let total = reports.reduce(into: (mutants: 0, killed: 0, survived: 0, equivalent: 0)) {
            $0.mutants += $1.mutants; $0.killed += $1.killed; $0.survived += $1.survived; $0.equivalent += $1.equivalent
        }
        lines.append(row("course", total.mutants, total.killed, total.survived, total.equivalent,
                         courseScore(reports), ""))
        for report in reports {
            let survivors = report.outcomes.filter { $0.status == .survived }
            let equivalents = report.outcomes.filter { $0.status == .equivalent }
            let discarded = report.outcomes.filter { $0.status == .discarded }
            guard !survivors.isEmpty || !equivalents.isEmpty || !discarded.isEmpty || !report.unknownEquivalents.isEmpty
                    || report.problem != nil else { continue }
            lines.append("")
            lines.append("\(report.exercise.id):")
            if let problem = report.problem { lines.append("  " + problem) }
            for survivor in survivors {
                lines.append("  survived \(survivor.id): \(survivor.description)")
                lines += survivor.diff.split(separator: "\n").map { "    " + $0 }
            }
            for equivalent in equivalents {
                lines.append("  equivalent \(equivalent.id): \(equivalent.detail ?? "")")
            }
            if !discarded.isEmpty {
                lines.append("  \(discarded.count) mutant\(discarded.count == 1 ? "" : "s") did not compile and were discarded: \(discarded.map(\.id).joined(separator: ", "))")
            }
            for unknown in report.unknownEquivalents {
                lines.append("  \(unknown.location): warning: <equivalent> names mutant '\(unknown.mutant)', which the mutation tool no longer makes; remove it or give the mutant's new name")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Killed among the mutants that count, over the whole course.
    package static func courseScore(_ reports: [MutationAnalysis.Report]) -> Double {
        let killed = reports.reduce(0) { $0 + $1.killed }
        let counted = killed + reports.reduce(0) { $0 + $1.survived }
        return counted == 0 ? 1 : Double(killed) / Double(counted)
    }

    struct JSONExercise: Codable {
        var id: String
        var score: Double
        var threshold: Double
        var mutants: Int
        var killed: Int
        var survived: Int
        var equivalent: Int
        var discarded: Int
        var outcomes: [MutationAnalysis.Outcome]
        var problem: String?
    }

    /// One object per exercise: `id`, `score`, `threshold`, the counts, and every mutant's outcome.
    package static func json(_ reports: [MutationAnalysis.Report]) -> String {
        let objects = reports.map {
            JSONExercise(id: $0.exercise.id, score: $0.score, threshold: $0.exercise.mutationThreshold, mutants: $0.mutants,
                         killed: $0.killed, survived: $0.survived, equivalent: $0.equivalent, discarded: $0.discarded,
                         outcomes: $0.outcomes, problem: $0.problem)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(objects)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// `grade verify --mutants`: one problem per exercise under its threshold.
    package static func problems(_ reports: [MutationAnalysis.Report]) -> [String] {
        reports.filter { !$0.meetsThreshold }.map { report in
            if let problem = report.problem { return "\(report.exercise.location): \(problem) (exercise '\(report.exercise.id)')" }
            let survivors = report.outcomes.filter { $0.status == .survived }.map(\.id)
            return Problem("the suites of exercise '\(report.exercise.id)' kill \(percent(report.score)) of its mutants, under its threshold of \(percent(report.exercise.mutationThreshold)); strengthen them against the survivors (\(survivors.joined(separator: ", "))) or mark a correct one <equivalent mutant=\"...\" reason=\"...\"/>", at: report.exercise.location).description
        }
    }

    static func percent(_ share: Double) -> String {
        String(Int((share * 100).rounded(.down))) + "%"
    }

    private static func pad(_ number: Int, _ width: Int) -> String { pad(String(number), width) }
    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
