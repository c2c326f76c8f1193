import Multitasking

/// Starts `processes` child processes named `process-0`, `process-1`, ... Inside each child,
/// starts `threadsPerProcess` threads named `process-P.thread-T`; each of those threads calls
/// `report()` once. A child must join its threads before it ends (a child process ends when
/// its work returns, and its threads end with it). The parent joins every process before
/// returning.
///
/// `report()` works from any thread of any of the children: it records which process and
/// which thread called it.
public func startProcessesWithThreads(
    processes: Int, threadsPerProcess: Int, report: @escaping @Sendable () -> Void
) throws {
    let children = (0..<processes).map { p in
        Process(name: "process-\(p)") {
            // This closure runs in the child: the threads below belong to the child.
            let threads = (0..<threadsPerProcess).map { t in
                Thread(name: "process-\(p).thread-\(t)") { report() }
            }
            for thread in threads { try thread.start() }
            for thread in threads { try thread.join() }
        }
    }
    for child in children { try child.start() }
    for child in children { try child.join() }
}
