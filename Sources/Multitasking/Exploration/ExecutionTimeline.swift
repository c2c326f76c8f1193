/// What each thread did in one execution, step by step: the explorer's account of a failing
/// schedule. Printed with one column per thread and one row per event, the failure marked.
struct ExecutionTimeline: Sendable {
    struct Event: Sendable {
        let step: Int
        let thread: Int
        let text: String
        let isFailure: Bool
    }

    private(set) var events: [Event] = []

    mutating func record(step: Int, thread: Int, _ text: String, isFailure: Bool = false) {
        events.append(Event(step: step, thread: thread, text: text, isFailure: isFailure))
    }

    /// The table, with `names[i]` heading thread i's column; cells wider than `width` are cut.
    func render(names: [String], width: Int = 36) -> String {
        let widths = names.indices.map { index in
            min(width, max(names[index].count, events.filter { $0.thread == index }.map(\.text.count).max() ?? 0))
        }
        func cell(_ text: String, _ width: Int) -> String {
            let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            return cut + String(repeating: " ", count: width - cut.count)
        }
        let stepWidth = max(4, String(events.last?.step ?? 0).count)
        func row(_ step: String, _ cells: [String], marker: String = "") -> String {
            let line = cell(step, stepWidth) + " | " + cells.enumerated().map { cell($1, widths[$0]) }.joined(separator: " | ")
            return (line + marker).trimmingTrailingSpaces()
        }
        var lines = [row("step", names)]
        lines.append(String(repeating: "-", count: stepWidth) + "-+-" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-"))
        for event in events {
            var cells = Array(repeating: "", count: names.count)
            cells[event.thread] = event.text
            lines.append(row(String(event.step), cells, marker: event.isFailure ? "   <== here" : ""))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
