import Synchronization

/// Finds deadlocks that *can* happen, like Linux's lockdep: taking lock B while holding lock A
/// records the edge A→B; an edge that closes a cycle means two threads can each hold one lock
/// of the cycle and wait for the next, even if this run was lucky and did not hang.
enum LockOrderGraph {
    private struct Edge {
        let from: UInt64
        let to: UInt64
        let fromName: String
        let toName: String
        let thread: String
    }

    /// edges[from][to]: the first time `to` was taken while `from` was held.
    private static let edges = Protected<[UInt64: [UInt64: Edge]]>([:])

    static func reset() {
        edges.withLock { $0 = [:] }
    }

    /// Records the edges of taking `lock` while holding `held`; returns a report if one closes a cycle.
    static func willAcquire(
        _ lock: some DiagnosableLock, holding held: [ThreadDiagnostics.HeldLock], by thread: Thread
    ) -> DiagnosticReport? {
        edges.withLock { edges -> DiagnosticReport? in
            var found: DiagnosticReport?
            for holding in held where holding.id != lock.id && edges[holding.id]?[lock.id] == nil {
                let edge = Edge(from: holding.id, to: lock.id, fromName: holding.name, toName: lock.name, thread: thread.name)
                if found == nil, let back = path(in: edges, from: lock.id, to: holding.id) {
                    let cycle = [edge] + back
                    let steps = cycle.map { DiagnosticReport.Step(thread: $0.thread, holds: $0.fromName, wants: $0.toName) }
                    found = DiagnosticReport(kind: .lockOrderInversion, steps: steps, detail: nil, seed: Diagnostics.currentSeed)
                }
                edges[holding.id, default: [:]][lock.id] = edge
            }
            return found
        }
    }

    /// A path of edges from `start` to `goal` (breadth first: the shortest explanation).
    private static func path(in edges: [UInt64: [UInt64: Edge]], from start: UInt64, to goal: UInt64) -> [Edge]? {
        var cameBy: [UInt64: Edge] = [:]
        var frontier = [start]
        var seen: Set<UInt64> = [start]
        while !frontier.isEmpty {
            var next: [UInt64] = []
            for node in frontier {
                for (target, edge) in edges[node] ?? [:] where seen.insert(target).inserted {
                    cameBy[target] = edge
                    if target == goal {
                        var result: [Edge] = []
                        var cursor = goal
                        while cursor != start, let step = cameBy[cursor] {
                            result.insert(step, at: 0)
                            cursor = step.from
                        }
                        return result
                    }
                    next.append(target)
                }
            }
            frontier = next
        }
        return nil
    }
}
