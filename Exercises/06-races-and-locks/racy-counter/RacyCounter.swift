// Exercise racy-counter: A racy counter (chapter Races and locks).
// Read first: Exercises/06-races-and-locks/lesson.md, the section on racy-counter.
// Check it: swift run grade racy-counter    Stuck? swift run grade hint racy-counter

import Multitasking

/// A hit counter that several threads share.
///
/// `@unchecked Sendable` lets the compiler hand one `HitCounter` to many threads. It is a
/// promise you make to the compiler: "every access to my stored properties is synchronised; I
/// checked". As written, the promise is broken: `hits += 1` from two threads at once is a data
/// race, and increments get lost.
public final class HitCounter: @unchecked Sendable {
    private var hits = 0
    // TODO: add a `Lock` and hold it wherever `hits` is read or written.

    public init() {}

    /// Adds one hit. Must be correct when many threads call it at the same moment.
    public func increment() {
        // TODO: make this read-modify-write happen under the lock.
        hits += 1
    }

    /// The hits counted so far.
    public var value: Int {
        // TODO: read under the lock too.
        hits
    }
}

/// Starts `threads` threads named `hitter-0`, `hitter-1`, ..., each calling
/// `counter.increment()` `incrementsPerThread` times on ONE shared counter; joins them all and
/// returns the count. (This part is done; the bug is in `HitCounter`.)
public func countHits(threads: Int, incrementsPerThread: Int) throws -> Int {
    let counter = HitCounter()
    let workers = (0..<threads).map { index in
        Thread(name: "hitter-\(index)") {
            for _ in 0..<incrementsPerThread { counter.increment() }
        }
    }
    for worker in workers { try worker.start() }
    for worker in workers { try worker.join() }
    return counter.value
}
