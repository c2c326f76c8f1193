/// A job for the scheduling simulator of the first chapter: it arrives at a time, then
/// alternates CPU bursts (it needs the processor) and I/O bursts (it waits for a device and
/// needs no processor). Times are whole ticks.
///
/// ```swift
/// let editor = Job("editor", arrival: 0, bursts: [.cpu(2), .io(5), .cpu(1)])
/// let compiler = Job("compiler", arrival: 1, cpu: 8)
/// ```
public struct Job: Sendable, Hashable, CustomStringConvertible {
    public enum Burst: Sendable, Hashable {
        case cpu(Int)
        case io(Int)

        public var length: Int {
            switch self {
            case .cpu(let ticks), .io(let ticks): ticks
            }
        }

        public var isCPU: Bool {
            if case .cpu = self { return true }
            return false
        }
    }

    public let name: String
    public let arrival: Int
    public let bursts: [Burst]
    /// A priority for policies that use one (smaller is more urgent, as in Unix).
    public let priority: Int

    /// A job with the given bursts. It must have at least one burst, every burst at least one
    /// tick, and the bursts alternate CPU and I/O, starting and ending on the processor.
    public init(_ name: String, arrival: Int = 0, bursts: [Burst], priority: Int = 0) {
        precondition(!name.isEmpty, "a job needs a name")
        precondition(arrival >= 0, "job '\(name)': arrival must be 0 or later, not \(arrival)")
        precondition(!bursts.isEmpty, "job '\(name)' needs at least one burst")
        precondition(bursts.allSatisfy { $0.length > 0 }, "job '\(name)': every burst must last at least one tick")
        precondition(
            bursts.count % 2 == 1 && bursts.indices.allSatisfy { bursts[$0].isCPU == ($0 % 2 == 0) },
            "job '\(name)' must alternate CPU and I/O bursts, starting and ending with CPU")
        self.name = name
        self.arrival = arrival
        self.bursts = bursts
        self.priority = priority
    }

    /// A job that only computes, for `cpu` ticks.
    public init(_ name: String, arrival: Int = 0, cpu: Int, priority: Int = 0) {
        self.init(name, arrival: arrival, bursts: [.cpu(cpu)], priority: priority)
    }

    /// Ticks of processor time the job needs in all.
    public var totalCPU: Int { bursts.filter(\.isCPU).map(\.length).reduce(0, +) }

    /// Ticks the job spends waiting for devices in all.
    public var totalIO: Int { bursts.filter { !$0.isCPU }.map(\.length).reduce(0, +) }

    public var description: String {
        let parts = bursts.map { burst in
            switch burst {
            case .cpu(let ticks): "cpu \(ticks)"
            case .io(let ticks): "io \(ticks)"
            }
        }
        return "\(name)@\(arrival)[\(parts.joined(separator: ", "))]"
    }
}

extension Array where Element == Job {
    /// The first name given to two jobs, if any: names identify jobs in timelines.
    var firstDuplicateName: String? {
        var seen = Set<String>()
        return first { !seen.insert($0.name).inserted }?.name
    }
}
