// Exercise custom-thread: A thread subclass (chapter Threads).
// Read first: Exercises/05-threads/lesson.md, the section on custom-thread.
// Check it: swift run grade custom-thread    Stuck? swift run grade hint custom-thread

import Multitasking

/// A thread that counts down: `from`, `from - 1`, ... `1`, pausing `pause` after each number.
/// It records the numbers in `numbers` and the name of the thread that ran it in `ranOn`.
///
/// `@unchecked Sendable`: the thread that starts a `CountdownThread` and the thread that runs
/// it both touch it. `start()` and `join()` put those accesses in order: what `run()` writes
/// is read only after `join()`.
public final class CountdownThread: Thread, @unchecked Sendable {
    public let from: Int
    public let pause: Duration
    /// The numbers counted, in order. Read it after `join()`.
    public private(set) var numbers: [Int] = []
    /// `Thread.current.name` as seen inside `run()`. Read it after `join()`.
    public private(set) var ranOn: String?

    public init(name: String, from: Int, pause: Duration = .milliseconds(10)) {
        self.from = from
        self.pause = pause
        super.init(name: name)
    }

    /// The thread's work.
    public override func run() throws {
        // TODO: note the running thread's name in `ranOn`, then count down from `from` to 1,
        // appending each number to `numbers` and sleeping `pause` after each.
    }
}

/// Runs every countdown on its own thread, all at the same time, and returns when all have
/// finished.
public func runCountdowns(_ countdowns: [CountdownThread]) throws {
    // TODO: start them all, then join them all.
}
