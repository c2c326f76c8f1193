import Multitasking

/// A job for a worker process: `work` computes the answer; `tidyUp` is what the worker does
/// after it has said it is done (closing files, writing logs), before its process ends.
public struct Chore: Sendable {
    public var work: @Sendable () -> Int
    public var tidyUp: @Sendable () -> Void

    public init(work: @escaping @Sendable () -> Int, tidyUp: @escaping @Sendable () -> Void = {}) {
        (self.work, self.tidyUp) = (work, tidyUp)
    }
}

/// What the parent learned about the worker.
public struct ChoreOutcome: Equatable, Sendable {
    /// The answer the worker sent with its "done".
    public var answer: Int
    /// The worker's process id.
    public var workerID: Int32
    /// How the worker's process ended, read after joining it (0: normally).
    public var exitCode: Int32?

    public init(answer: Int, workerID: Int32, exitCode: Int32?) {
        (self.answer, self.workerID, self.exitCode) = (answer, workerID, exitCode)
    }
}

/// Runs `chore` in a worker child process. The worker runs `chore.work()`, tells the parent it
/// is done by sending the answer (through a `ProcessQueue` or a `Pipe`), then runs
/// `chore.tidyUp()` and ends.
///
/// The parent waits for the "done" message in a blocking call (no polling loop with sleeps),
/// calls `onDone(answer)` as soon as it has it, then joins the worker, which reaps it, and
/// returns the outcome.
public func runChore(_ chore: Chore, onDone: (Int) -> Void) throws -> ChoreOutcome {
    let (parentEnd, workerEnd) = try Pipe(duplex: false)
    let worker = Process(name: "worker") {
        let answer = chore.work()
        try workerEnd.send(answer)
        chore.tidyUp()
    }
    try worker.start()
    workerEnd.close()
    let answer = try parentEnd.recv(Int.self)
    parentEnd.close()
    onDone(answer)
    // The worker is still tidying up: join waits for its end and reaps it.
    try worker.join()
    return ChoreOutcome(answer: answer, workerID: worker.pid ?? 0, exitCode: worker.exitCode)
}
