/// What the processor did, tick by tick, as consecutive segments: the Gantt chart of a schedule.
public struct Timeline: Sendable, Equatable, CustomStringConvertible {
    public enum Activity: Sendable, Hashable {
        /// The job with this name ran.
        case run(String)
        /// The processor switched from one job to another (the context-switch cost).
        case contextSwitch
        /// Nothing was ready.
        case idle
    }

    public struct Segment: Sendable, Equatable {
        public let activity: Activity
        public let start: Int
        public let end: Int

        public var length: Int { end - start }
    }

    public private(set) var segments: [Segment] = []

    public init() {}

    /// A timeline from (activity, ticks) pairs, for writing expected schedules in tests.
    public init(_ steps: [(Activity, Int)]) {
        for (activity, ticks) in steps { append(activity, ticks: ticks) }
    }

    /// The time at which the timeline ends.
    public var end: Int { segments.last?.end ?? 0 }

    /// Adds `ticks` of `activity` at the end, merging with the last segment when it is the same.
    public mutating func append(_ activity: Activity, ticks: Int = 1) {
        precondition(ticks > 0, "a segment lasts at least one tick")
        if let last = segments.last, last.activity == activity {
            segments[segments.count - 1] = Segment(activity: activity, start: last.start, end: last.end + ticks)
        } else {
            segments.append(Segment(activity: activity, start: end, end: end + ticks))
        }
    }

    /// Ticks in which `job` ran.
    public func ticksRun(by job: String) -> Int {
        segments.filter { $0.activity == .run(job) }.map(\.length).reduce(0, +)
    }

    /// The order in which jobs got the processor, one entry per segment (`["A", "B", "A"]`).
    public var runOrder: [String] {
        segments.compactMap {
            if case .run(let name) = $0.activity { return name }
            return nil
        }
    }

    /// A one-line Gantt chart with the times below it (a segment is as wide as its ticks, and
    /// at least as wide as its label):
    ///
    ///     |A   |B |cs |-- |A |
    ///     0    4  6   7   9  10
    public var description: String {
        var bars = "|"
        var times = ""
        for segment in segments {
            let label = switch segment.activity {
            case .run(let name): name
            case .contextSwitch: "cs"
            case .idle: "--"
            }
            let width = max(label.count + 1, segment.length)
            let startLabel = String(segment.start)
            bars += label.padding(to: width) + "|"
            times += startLabel.padding(to: width + 1)
        }
        times += String(end)
        return bars + "\n" + times
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
