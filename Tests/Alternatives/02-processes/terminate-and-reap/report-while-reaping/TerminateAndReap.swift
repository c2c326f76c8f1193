import Multitasking

/// What `shutDown` saw of one worker.
public struct ShutdownReport: Equatable, Sendable {
    /// The worker's name.
    public var name: String
    /// `isAlive` before the worker was asked to stop.
    public var aliveBefore: Bool
    /// `isAlive` when `shutDown` was done with the worker.
    public var aliveAfter: Bool
    /// The worker's `exitCode` when `shutDown` was done with it: -15 (SIGTERM) for a worker that
    /// stopped when asked, -9 (SIGKILL) for one that had to be killed.
    public var exitCode: Int32?

    public init(name: String, aliveBefore: Bool, aliveAfter: Bool, exitCode: Int32?) {
        (self.name, self.aliveBefore, self.aliveAfter, self.exitCode) = (name, aliveBefore, aliveAfter, exitCode)
    }
}

/// Shuts down running worker processes (they never end on their own):
/// 1. asks every worker to stop with `terminate()`;
/// 2. waits up to `grace` for each worker to end (`join(timeout:)`), and `kill()`s the ones
///    that ignore the request;
/// 3. makes sure every worker has been reaped (joined) before returning, so none is left as a
///    zombie in the process table.
/// Returns one report per worker, in the order of `workers`.
public func shutDown(_ workers: [Process], grace: Duration) throws -> [ShutdownReport] {
    var aliveBefore: [Bool] = []
    for worker in workers { aliveBefore.append(worker.isAlive) }
    for worker in workers { try worker.terminate() }
    var reports: [ShutdownReport] = []
    for (worker, wasAlive) in zip(workers, aliveBefore) {
        if try !worker.join(timeout: grace) {
            try worker.kill()
            try worker.join()
        }
        reports.append(ShutdownReport(name: worker.name, aliveBefore: wasAlive, aliveAfter: worker.isAlive, exitCode: worker.exitCode))
    }
    return reports
}
