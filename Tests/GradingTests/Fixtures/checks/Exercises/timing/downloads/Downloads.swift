import Multitasking

/// Known wrong: joins each thread right after starting it, so the jobs run one at a time.
public func downloadAll(_ jobs: [@Sendable () -> Void]) throws {
    for (index, job) in jobs.enumerated() {
        let thread = Thread(name: "download-\(index)") { job() }
        try thread.start()
        try thread.join()
    }
}
