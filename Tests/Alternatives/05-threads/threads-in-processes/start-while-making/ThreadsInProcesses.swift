import Multitasking

public func startProcessesWithThreads(
    processes: Int, threadsPerProcess: Int, report: @escaping @Sendable () -> Void
) throws {
    var children: [Process] = []
    for p in 0..<processes {
        let child = Process(name: "process-\(p)") {
            var threads: [Thread] = []
            for t in 0..<threadsPerProcess {
                let thread = Thread(name: "process-\(p).thread-\(t)", target: report)
                try thread.start()
                threads.append(thread)
            }
            for thread in threads { try thread.join() }
        }
        try child.start()
        children.append(child)
    }
    for child in children { try child.join() }
}
