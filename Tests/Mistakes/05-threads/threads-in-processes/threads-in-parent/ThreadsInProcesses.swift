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
    var children: [Process] = []
    var threads: [Thread] = []
    for p in 0..<processes {
        let child = Process(name: "process-\(p)") { print("process-\(p) started") }
        try child.start()
        children.append(child)
        // The threads are made and started here, in the parent, not inside the child.
        for t in 0..<threadsPerProcess {
            let thread = Thread(name: "process-\(p).thread-\(t)") { report() }
            try thread.start()
            threads.append(thread)
        }
    }
    for thread in threads { try thread.join() }
    for child in children { try child.join() }
}
