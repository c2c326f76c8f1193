import Multitasking

/// One child's answer: which argument (its index) and the result of the work on it.
struct IndexedResult: Codable, Sendable {
    var index: Int
    var result: Int
}

/// Runs `work(argument)` for every argument, each in a child process of its own, all at the
/// same time, and returns the results in the order of `arguments` (the result of
/// `arguments[i]` at index i), whatever order the children finish in.
///
/// A child receives its argument by capturing it in its closure (the child starts with a copy
/// of the parent's memory), and sends its result back through a `ProcessQueue` (or a `Pipe`, or
/// a `SharedArray`): a variable it changes is only its own copy.
///
/// Example: `runInChildren([3, 1, 2]) { $0 * 10 }` returns `[30, 10, 20]`.
public func runInChildren(_ arguments: [Int], work: @escaping @Sendable (Int) throws -> Int) throws -> [Int] {
    var children: [(process: Process, answer: Connection)] = []
    for (index, argument) in arguments.enumerated() {
        let (parentEnd, childEnd) = try Pipe(duplex: false)
        let child = Process(name: "work \(index)") {
            try childEnd.send(IndexedResult(index: index, result: try work(argument)))
        }
        try child.start()
        childEnd.close()
        children.append((child, parentEnd))
    }
    var results: [Int] = []
    for child in children {
        results.append(try child.answer.recv(IndexedResult.self).result)
        child.answer.close()
    }
    for child in children { try child.process.join() }
    return results
}
