import Multitasking

/// Does the jobs one after another on the calling thread. While a job waits for its I/O, the
/// program waits with it: nothing else gets done. Returns when the last job has finished.
public func runOneAfterAnother(_ jobs: [@Sendable () -> Void]) {
    for job in jobs {
        job()
    }
}

/// Does the jobs concurrently, each on a thread of its own, and returns when every job has
/// finished. A job that waits for its I/O blocks only its own thread, so the waits of all the
/// jobs overlap: I/O-bound jobs finish in about the time of the longest one.
public func runConcurrently(_ jobs: [@Sendable () -> Void]) throws {
    let workers = jobs.enumerated().map { index, job in
        Thread(name: "job-\(index)", target: job)
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
}
