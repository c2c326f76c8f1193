import Multitasking

/// MISTAKE: the children send only their results, and the parent collects them in the order
/// they arrive, which is the order the children finished in, not the order of `arguments`.
public func runInChildren(_ arguments: [Int], work: @escaping @Sendable (Int) throws -> Int) throws -> [Int] {
    let answers = try ProcessQueue<Int>(name: "results")
    let children = arguments.map { argument in
        Process(name: "work \(argument)") { try answers.put(try work(argument)) }
    }
    for child in children { try child.start() }
    for child in children { try child.join() }
    var results: [Int] = []
    for _ in arguments { results.append(try answers.get(timeout: .seconds(5))) }
    return results
}
