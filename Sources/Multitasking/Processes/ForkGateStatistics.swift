import CMultitasking

/// Figures of the fork gate (see `Process`), for tests and the benchmark.
public enum ForkGateStatistics {
    /// Whether the gate is guarding forks (it needs libswiftCore as a shared library).
    public static var isActive: Bool { mt_fork_gate_active() }
    /// Forks made through the gate since the program started.
    public static var forks: UInt64 { mt_fork_gate_forks() }
    /// Whether the program runs under ThreadSanitizer. Its runtime does not support `fork()` in
    /// a multi-threaded program (it kills a child that starts a thread, and children can hang in
    /// its own locks), so process exercises and tests cannot be checked under it: check them
    /// with the perturbation seeds instead.
    public static var isThreadSanitizerActive: Bool { mt_thread_sanitizer_present() }
    /// How many of them had to wait for another thread to leave a Swift runtime lock.
    public static var waits: UInt64 { mt_fork_gate_waits() }
}
