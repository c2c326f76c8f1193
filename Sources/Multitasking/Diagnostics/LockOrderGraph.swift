import Synchronization

/// Finds deadlocks that *can* happen, like Linux's lockdep: taking lock B while holding lock A
/// records the edge A→B; an edge that closes a cycle means two threads can each hold one lock
/// of the cycle and wait for the next, even if this run was lucky and did not hang.
///
/// A cycle that a gate makes unreachable is not reported (a correct design must not be
/// rejected), by two rules:
/// - Goodlock's (Havelund 2000; Bensalem and Havelund 2005): every edge of the cycle was taken
///   while one common other lock was held (the outer lock of "one waiter hands out both
///   chopsticks"). Only one thread at a time can be inside that lock, and a deadlock on the
///   cycle needs one thread per edge. An edge keeps the locks held *every* time it was taken.
/// - A semaphore as a gate: every edge was taken while the thread held a permit of one
///   semaphore that admits fewer threads than the cycle has edges (the footman who seats n−1
///   diners). A semaphore counts as a gate only while every release came from a thread that
///   held a permit, so at most its initial permits are held at once; one used to signal
///   between threads (released by a thread that took none) is never a gate.
enum LockOrderGraph {
    private struct Edge {
        let from: UInt64
        let to: UInt64
        let fromName: String
        let toName: String
        let thread: String
        /// Other locks held every time this edge was taken.
        var guards: Set<UInt64>
        /// Semaphores a permit of which was held every time this edge was taken.
        var gates: Set<UInt64>
    }

    /// What the graph knows of one semaphore.
    private struct Gate {
        var capacity: Int
        /// Every release so far came from a thread that held a permit.
        var paired = true
        /// Permits held, by `pthread_self()` of the holder.
        var holders: [UInt: Int] = [:]
    }

    private struct State {
        /// edges[from][to]: `to` taken while `from` was held.
        var edges: [UInt64: [UInt64: Edge]] = [:]
        var gates: [UInt64: Gate] = [:]
    }

    private static let state = Protected(State())

    /// A search for an ungated cycle gives up after this many steps and reports the shortest
    /// cycle instead (a false alarm is better than a missed deadlock; course programs have a
    /// handful of locks, far below it).
    private static let searchLimit = 100_000

    static func reset() {
        state.withLock { $0 = State() }
    }

    /// Records the edges of taking `lock` while holding `held`; returns a report if one closes a
    /// cycle that no gate guards.
    static func willAcquire(
        _ lock: some DiagnosableLock, holding held: [ThreadDiagnostics.HeldLock], by thread: Thread
    ) -> DiagnosticReport? {
        state.withLock { state -> DiagnosticReport? in
            let heldIDs = Set(held.map(\.id))
            let gates = Set(state.gates.compactMap { $0.value.holders[thread.pthread] ?? 0 > 0 ? $0.key : nil })
            var found: [Edge]?
            for holding in held where holding.id != lock.id {
                let guards = heldIDs.subtracting([holding.id, lock.id])
                var edge: Edge
                if let known = state.edges[holding.id]?[lock.id] {
                    edge = known
                    edge.guards.formIntersection(guards)
                    edge.gates.formIntersection(gates)
                    if edge.guards == known.guards && edge.gates == known.gates { continue }
                } else {
                    edge = Edge(from: holding.id, to: lock.id, fromName: holding.name, toName: lock.name,
                                thread: thread.name, guards: guards, gates: gates)
                }
                state.edges[holding.id, default: [:]][lock.id] = edge
                if found == nil { found = ungatedCycle(through: edge, in: state) }
            }
            return found.map { cycle in
                let steps = cycle.map { DiagnosticReport.Step(thread: $0.thread, holds: $0.fromName, wants: $0.toName) }
                return DiagnosticReport(kind: .lockOrderInversion, steps: steps, detail: nil, seed: Diagnostics.currentSeed)
            }
        }
    }

    // MARK: Semaphores

    /// The current thread took a permit of the semaphore `gate` (which started with `capacity`).
    static func permitTaken(_ gate: UInt64, capacity: Int) {
        let thread = ThreadRegistry.current().pthread
        state.withLock { state in
            state.gates[gate, default: Gate(capacity: capacity)].holders[thread, default: 0] += 1
        }
    }

    /// The current thread gave back `count` permits of `gate`.
    static func permitsReturned(_ gate: UInt64, count: Int, capacity: Int) {
        let thread = ThreadRegistry.current().pthread
        state.withLock { state in
            var record = state.gates[gate] ?? Gate(capacity: capacity)
            let held = record.holders[thread] ?? 0
            if held < count { record.paired = false }
            record.holders[thread] = held > count ? held - count : nil
            state.gates[gate] = record
        }
    }

    // MARK: Cycles

    /// A cycle through `edge` (a path back from its target to its source) that no common lock
    /// and no small enough semaphore guards, or nil.
    private static func ungatedCycle(through edge: Edge, in state: State) -> [Edge]? {
        var search = CycleSearch(edge: edge, state: state)
        switch search.run(from: edge.to, guards: edge.guards, gates: edge.gates) {
        case .found(let path): return [edge] + path
        case .gaveUp: return shortestPath(in: state.edges, from: edge.to, to: edge.from).map { [edge] + $0 }
        case .none: return nil
        }
    }

    /// A depth-first search of the simple paths back to the edge's source, carrying what
    /// guarded every edge so far (both sets only shrink along a path).
    private struct CycleSearch {
        enum Outcome { case found([Edge]), gaveUp, none }

        let edge: Edge
        let state: State
        var steps = 0
        var path: [Edge] = []
        var onPath: Set<UInt64> = []

        init(edge: Edge, state: State) {
            (self.edge, self.state) = (edge, state)
            onPath = [edge.to]
        }

        mutating func run(from node: UInt64, guards: Set<UInt64>, gates: Set<UInt64>) -> Outcome {
            for (target, next) in state.edges[node] ?? [:] {
                steps += 1
                if steps > LockOrderGraph.searchLimit { return .gaveUp }
                let guards = guards.intersection(next.guards)
                let gates = gates.intersection(next.gates)
                if target == edge.from {
                    let length = path.count + 2
                    let gated = !guards.isEmpty || gates.contains { LockOrderGraph.admitsTooFew($0, length, state) }
                    if !gated { return .found(path + [next]) }
                    continue
                }
                guard onPath.insert(target).inserted else { continue }
                path.append(next)
                let outcome = run(from: target, guards: guards, gates: gates)
                if case .none = outcome {} else { return outcome }
                path.removeLast()
                onPath.remove(target)
            }
            return .none
        }
    }

    /// The semaphore lets fewer threads in than a deadlock on a cycle of `length` edges needs.
    private static func admitsTooFew(_ gate: UInt64, _ length: Int, _ state: State) -> Bool {
        guard let record = state.gates[gate] else { return false }
        return record.paired && record.capacity < length
    }

    /// A path of edges from `start` to `goal` (breadth first: the shortest explanation).
    private static func shortestPath(in edges: [UInt64: [UInt64: Edge]], from start: UInt64, to goal: UInt64) -> [Edge]? {
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
