import CMultitasking
import Glibc
import Synchronization

/// What `Lock` and `RLock` share: the futex word that is the lock itself, and the
/// `pthread_self()` of the thread that holds it. Non-copyable and stored in the lock, so a lock
/// is still one object and its word.
struct LockWord: ~Copyable {
    let word: UnsafeMutablePointer<UInt32>
    private let owner = Atomic<UInt>(0)

    init() {
        word = .allocate(capacity: 1)
        word.initialize(to: 0)
    }

    deinit { word.deallocate() }

    /// `pthread_self()` of the holder, 0 when free.
    var ownerPthread: UInt { owner.load(ordering: .relaxed) }
    var isHeldByCurrentThread: Bool { ownerPthread == pthread_self() }
    var isLocked: Bool { mt_futex_lock_is_locked(word) }

    /// One attempt to take the word, waiting until `deadline` (nil: never gives up) as
    /// `subject` (what the diagnostics and the explorer see the thread wait for).
    func attemptAcquire(until deadline: Deadline?, as subject: @autoclosure () -> WaitSubject) -> Bool {
        let word = word
        // A deadline already past is a try: no spinning, no system call.
        let acquired = mt_futex_lock_try(word)
            || (!(deadline?.hasPassed ?? false) && BlockingWait.wait(for: subject(), until: deadline) { deadline in
                Deadline.with(deadline) { mt_futex_lock_wait(word, $0) }
            })
        if acquired { owner.store(pthread_self(), ordering: .relaxed) }
        return acquired
    }

    /// Frees the word; false when nobody held it.
    func release() -> Bool {
        owner.store(0, ordering: .relaxed)
        return mt_futex_lock_release(word)
    }
}
