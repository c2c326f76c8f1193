// Exercise blocking-vs-nonblocking: Waiting for I/O, one job or all at once (chapter From batch systems to multiprogramming).
// Read first: Exercises/01-scheduling/lesson.md, the section on blocking-vs-nonblocking.
// Check it: swift run grade blocking-vs-nonblocking    Stuck? swift run grade hint blocking-vs-nonblocking

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
    // TODO: this still does one job after another. Make one `Thread(name:target:)` per job,
    // start them all, and only then join them all.
    runOneAfterAnother(jobs)
}
