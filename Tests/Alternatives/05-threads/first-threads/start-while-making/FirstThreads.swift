import Multitasking

public func runOnWorkers(count: Int, work: @escaping @Sendable (Int) -> Void) throws -> [UInt64] {
    var workers: [Thread] = []
    for index in 0..<count {
        let worker = Thread(name: "worker-\(index)") { work(index) }
        try worker.start()
        workers.append(worker)
    }
    for worker in workers.reversed() { try worker.join() }
    return workers.map { $0.ident ?? 0 }
}

public func mainThreadIdent() -> UInt64 {
    mainThread().ident ?? 0
}
