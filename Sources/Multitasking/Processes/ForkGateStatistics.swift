import CMultitasking

/// Figures of the fork gate (see `Process`), for tests and the benchmark.
public enum ForkGateStatistics {
    /// Whether the gate is guarding forks (it needs libswiftCore as a shared library).
    public static var isActive: Bool { mt_fork_gate_active() }
    /// Forks made through the gate since the program started.
    public static var forks: UInt64 { mt_fork_gate_forks() }
    /// How many of them had to wait for another thread to leave a Swift runtime lock.
    public static var waits: UInt64 { mt_fork_gate_waits() }
}
