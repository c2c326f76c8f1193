import Glibc

/// The schedule perturbation: a per-thread SplitMix64 stream derived from the seed and the
/// thread's serial number, so that a seed gives each thread the same sequence of decisions on
/// a replay (the operating system's scheduling still varies, which is why graders repeat runs).
enum Perturbation {
    enum Action: Equatable {
        case proceed
        case yield
        case sleep(microseconds: UInt32)
    }

    static func initialState(seed: UInt64, serial: UInt64) -> UInt64 {
        (seed ^ (serial &* 0x9E37_79B9_7F4A_7C15)) | 1
    }

    /// The next decision of a stream: a yield one time in four, a sleep of 50-500 µs (long
    /// enough to lose the processor) one time in sixteen, otherwise nothing.
    static func next(_ state: inout UInt64) -> Action {
        var generator = SplitMix64(seed: state)
        let mixed = generator.next()
        state = generator.state
        switch mixed % 16 {
        case 0...3: return .yield
        case 4: return .sleep(microseconds: UInt32(50 + (mixed >> 8) % 451))
        default: return .proceed
        }
    }

    /// Takes the calling thread's next decision and carries it out.
    static func step(thread: Thread, seed: UInt64) {
        let diagnostics = thread.diagnostics
        var state = diagnostics.randomState.load(ordering: .relaxed)
        if state == 0 { state = initialState(seed: seed, serial: thread.serial) }
        let action = next(&state)
        diagnostics.randomState.store(state, ordering: .relaxed)
        switch action {
        case .proceed: break
        case .yield: sched_yield()
        case .sleep(let microseconds): usleep(microseconds)
        }
    }
}
