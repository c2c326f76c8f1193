import CMultitasking

/// What a thread blocked in the runtime waits for: the futex word it sleeps on, whether that
/// word still keeps it waiting, and a phrase for reports ("an item in queue 'jobs'").
///
/// Every blocking wait of the runtime sleeps on one of two kinds of word, so the diagnostics can
/// tell, without asking the waiter, whether it could go on: a lock word (a `Lock`'s, or a
/// condition waiter's, which stays locked until a notification unlocks it) and a flag word
/// (a thread's "finished" flag).
struct WaitSubject: @unchecked Sendable {
    enum Word {
        /// 0 when free: the waiter goes on once it can take it.
        case lock(UnsafeMutablePointer<UInt32>)
        /// 0 while lowered: the waiter goes on once it is raised.
        case flag(UnsafeMutablePointer<UInt32>)
        /// Nothing: only the end of the wait's time lets it go on (a sleep under the explorer).
        case time
    }

    let word: Word
    /// What the thread waits for, worded to follow "waits for".
    let phrase: String
    /// For a lock wait: the lock, for wait-for cycles and to name its holder.
    let lock: (any DiagnosableLock)?

    init(word: Word, phrase: String, lock: (any DiagnosableLock)? = nil) {
        (self.word, self.phrase, self.lock) = (word, phrase, lock)
    }

    /// Whether the word no longer keeps the waiter waiting (a snapshot).
    var canProceed: Bool {
        switch word {
        case .lock(let word): mt_atomic_load(word) == 0
        case .flag(let word): mt_atomic_load(word) != 0
        case .time: false
        }
    }

    /// Whether this waits for a thread to end (a join).
    var isThreadEnd: Bool {
        if case .flag = word { return true }
        return false
    }

    /// Whether this is a condition's waiter, which only a notification lets go on.
    var isNotification: Bool {
        if lock == nil, case .lock = word { return true }
        return false
    }

    /// The phrase, with the holder of a lock named at the moment of the report.
    var reportPhrase: String {
        guard let lock else { return phrase }
        let holder = lock.ownerPthread
        return holder == 0 ? phrase : "\(phrase) (held by '\(Thread.name(ofPthread: holder))')"
    }
}
