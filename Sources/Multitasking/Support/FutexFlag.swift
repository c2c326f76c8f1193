import CMultitasking

/// A one-way flag that threads can sleep on until it is raised: "this thread has started",
/// "this thread has finished". One futex word, so waiting costs no lock and no allocation.
final class FutexFlag: @unchecked Sendable {
    private let word: UnsafeMutablePointer<UInt32>

    init() {
        word = .allocate(capacity: 1)
        word.initialize(to: 0)
    }

    deinit { word.deallocate() }

    var isRaised: Bool { mt_atomic_load(word) != 0 }

    /// Raises the flag and wakes every waiter.
    func raise() {
        mt_atomic_store(word, 1)
        mt_futex_wake_all(word)
    }

    /// Waits until the flag is raised or `deadline` passes; returns whether it was raised.
    /// `phrase` says what raising it means, for deadlock reports ("thread 'w' to finish").
    func wait(until deadline: Deadline?, for phrase: @autoclosure () -> String) -> Bool {
        if isRaised { return true }
        return BlockingWait.wait(for: WaitSubject(word: .flag(word), phrase: phrase()), until: deadline) { deadline in
            while !isRaised {
                let woke = Deadline.with(deadline) { mt_futex_wait_while_equal(word, 0, $0) }
                if !woke { return isRaised }
            }
            return true
        }
    }
}
