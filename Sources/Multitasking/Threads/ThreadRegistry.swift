import CMultitasking
import Glibc
import Synchronization

/// The threads that are alive right now, as `Thread.enumerate()` lists them: the main thread,
/// every started runtime thread until its body returns, and the "dummy" threads that were not
/// created by the runtime but asked for `Thread.current`.
enum ThreadRegistry {
    private static let alive = Protected<[UInt64: Thread]>([:])

    /// The main thread's object, created on first use from whichever thread asks.
    static let mainThread: Thread = {
        let main = Thread(kind: .main, name: "MainThread")
        main.markRunning(pthread: mt_main_pthread(), nativeID: getpid())
        insert(main)
        return main
    }()

    static func insert(_ thread: Thread) {
        alive.withLock { $0[thread.serial] = thread }
    }

    static func remove(_ thread: Thread) {
        _ = alive.withLock { $0.removeValue(forKey: thread.serial) }
    }

    static func snapshot() -> [Thread] {
        _ = mainThread
        return alive.withLock { Array($0.values) }.sorted { $0.serial < $1.serial }
    }

    static var count: Int {
        _ = mainThread
        return alive.withLock { $0.count }
    }

    /// The live thread whose `pthread_self()` is `pthread`, if the runtime knows it.
    static func thread(ofPthread pthread: UInt) -> Thread? {
        _ = mainThread
        return alive.withLock { threads in threads.values.first { $0.pthread == pthread } }
    }

    /// In a forked child only the thread that forked exists. The others are forgotten and
    /// marked finished (as Python's `threading` does after a fork), so that `enumerate()`,
    /// `activeCount()`, `join()` and the wait for non-daemon threads tell the truth there.
    static func keepOnlyCurrentThreadAfterFork() {
        // The main thread's object first: created later, it would enter the registry although
        // the main thread stayed behind in the parent (unless it is the one that forked).
        _ = mainThread
        let me = current()
        let gone = alive.withLock { threads -> [Thread] in
            // Removed in place rather than into a new dictionary: a child forked from a program
            // with one thread then allocates nothing here, and each page of code or heap a short
            // child touches for the first time is a page fault (see the benchmark's process row).
            let others = threads.values.filter { $0 !== me }
            for other in others { threads.removeValue(forKey: other.serial) }
            return others
        }
        for thread in gone { thread.markGoneAfterFork() }
        // Kept for the life of the child so that no deinit runs here: a thread object's deinit
        // can reach a one-time initialisation of the Swift runtime (`swift_once`) that another
        // thread of the parent was inside at the moment of the fork, and would wait for ever
        // (seen once under heavy load, in a test that forks from a busy process). A retain
        // that is never released, not a static array: a static's first use is a swift_once too.
        for thread in gone { _ = Unmanaged.passRetained(thread) }
    }

    /// The runtime's object for the calling thread, creating a dummy one for foreign threads.
    static func current() -> Thread {
        if let object = mt_current_thread_object() {
            return Unmanaged<Thread>.fromOpaque(object).takeUnretainedValue()
        }
        let me = pthread_self()
        let thread: Thread
        if me == mt_main_pthread() {
            thread = mainThread
        } else {
            // Python calls these _DummyThread: alive and registered for as long as the process.
            thread = Thread(kind: .dummy, name: "Dummy-\(SerialNumbers.next("Dummy"))")
            thread.markRunning(pthread: me, nativeID: mt_gettid())
            insert(thread)
        }
        mt_set_current_thread_object(Unmanaged.passUnretained(thread).toOpaque())
        thread.diagnostics.usesRuntime.store(true, ordering: .relaxed)
        return thread
    }
}
