/// One measured operation with its figures side by side.
struct BenchmarkRow {
    /// The section, as given on the command line ("threads", "queues", ...).
    var section: String
    /// What was measured, in words ("500 threads started and joined").
    var operation: String
    /// The unit of the figures ("ms", "ns/op", "items/s").
    var unit: String
    /// Whether a larger figure is better (throughput) or worse (time).
    var higherIsBetter: Bool
    /// Our runtime's figure.
    var multitasking: Double
    /// Python's figure for the same operation, if it could be measured.
    var python: Double?
    /// The primitive underneath (name and figure), e.g. ("pthread", 19.2).
    var baselines: [(name: String, value: Double)] = []
    /// The target, in words, and whether it holds.
    var target: String = ""
    var targetMet: Bool?
}

extension BenchmarkRow {
    /// This row with each figure replaced by `other`'s where that one is better: the best of two
    /// measurements of the same row.
    func keepingBest(_ other: BenchmarkRow) -> BenchmarkRow {
        func better(_ a: Double, _ b: Double) -> Double { higherIsBetter ? max(a, b) : min(a, b) }
        var best = self
        best.multitasking = better(multitasking, other.multitasking)
        best.baselines = zip(baselines, other.baselines).map { (name: $0.name, value: better($0.value, $1.value)) }
        return best
    }
}

struct BenchmarkTable {
    var rows: [BenchmarkRow] = []

    /// A Markdown table, ready to paste into the README.
    func render() -> String {
        var lines = [
            "| operation | unit | Multitasking | Python | vs Python | primitives underneath | target |",
            "| --- | --- | ---: | ---: | ---: | --- | --- |",
        ]
        for row in rows {
            let python = row.python.map(format) ?? "n/a"
            let speedup = row.python.map { python in
                row.higherIsBetter ? row.multitasking / python : python / row.multitasking
            }.map { format($0) + "x" } ?? "n/a"
            let baselines = row.baselines.map { "\($0.name) \(format($0.value))" }.joined(separator: ", ")
            let verdict = row.targetMet.map { $0 ? " (met)" : " (MISSED)" } ?? ""
            lines.append("| \(row.operation) | \(row.unit) | \(format(row.multitasking)) | \(python) | \(speedup) | \(baselines) | \(row.target)\(verdict) |")
        }
        return lines.joined(separator: "\n")
    }
}

/// Three significant figures, without Foundation's formatters.
func format(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    if value >= 100 { return String(Int(value.rounded())) }
    let scale = value >= 10 ? 10.0 : value >= 1 ? 100.0 : 1000.0
    let rounded = (value * scale).rounded() / scale
    return String(rounded)
}
