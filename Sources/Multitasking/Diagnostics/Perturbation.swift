import Glibc

/// The schedule perturbation: a per-thread SplitMix64 stream derived from the seed and the
/// thread's serial number, so that a seed gives each thread the same sequence of decisions on
/// a replay (the operating system's scheduling still varies, which is why graders repeat runs).
enum Perturbation {
    static func step(thread: Thread, seed: UInt64) {
        let diagnostics = thread.diagnostics
        var state = diagnostics.randomState.load(ordering: .relaxed)
        if state == 0 { state = seed ^ (thread.serial &* 0x9E37_79B9_7F4A_7C15) | 1 }
        state &+= 0x9E37_79B9_7F4A_7C15
        diagnostics.randomState.store(state, ordering: .relaxed)
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        switch mixed % 16 {
        case 0...3:
            sched_yield()
        case 4:
            usleep(UInt32(50 + (mixed >> 8) % 450))  // 50-500 µs: long enough to lose the CPU
        default:
            break
        }
    }
}
