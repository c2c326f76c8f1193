import Multitasking

/// What `shutDown` saw of one worker.
public struct ShutdownReport: Equatable, Sendable {
    public var name: String
    public var aliveBefore: Bool
    public var aliveAfter: Bool
    public var exitCode: Int32?

    public init(name: String, aliveBefore: Bool, aliveAfter: Bool, exitCode: Int32?) {
        (self.name, self.aliveBefore, self.aliveAfter, self.exitCode) = (name, aliveBefore, aliveAfter, exitCode)
    }
}

/// MISTAKE: terminate() only sends the signal; nothing waits for the workers to end, so
/// shutDown returns while they are still dying, and nobody has reaped them (joined them).
public func shutDown(_ workers: [Process], grace: Duration) throws -> [ShutdownReport] {
    var reports: [ShutdownReport] = []
    for worker in workers {
        let aliveBefore = worker.isAlive
        try worker.terminate()
        reports.append(ShutdownReport(
            name: worker.name, aliveBefore: aliveBefore,
            aliveAfter: worker.isAlive, exitCode: worker.exitCode))
    }
    return reports
}
