import CMultitasking

/// A moment on the monotonic clock by which a blocking call gives up.
///
/// Timeouts in the public API are `Duration`s, as Swift's clocks use them; internally every wait
/// turns its timeout into one absolute deadline, so a wait that wakes spuriously and sleeps
/// again never extends the total time it may block.
///
/// Under the explorer, a thread it controls gets deadlines on the execution's virtual clock.
struct Deadline: Sendable {
    /// The deadline as the futex calls take it.
    let timespec: timespec
    /// Measured on the explorer's virtual clock, not the monotonic clock.
    let isVirtual: Bool

    /// The deadline `timeout` from now (a negative timeout is already over).
    init(after timeout: Duration) {
        if _slowPath(mt_diagnostic_flags() & DiagnosticFlag.explore != 0), let now = Explorer.virtualNow() {
            self.init(virtualNanoseconds: now &+ UInt64(max(0, timeout.saturatingNanoseconds)))
            return
        }
        self.init(timespec: mt_deadline_after(timeout.saturatingNanoseconds), isVirtual: false)
    }

    private init(timespec: timespec, isVirtual: Bool) {
        (self.timespec, self.isVirtual) = (timespec, isVirtual)
    }

    /// A moment on the explorer's virtual clock.
    init(virtualNanoseconds: UInt64) {
        let nanoseconds = min(virtualNanoseconds, UInt64(Int64.max))
        self.init(
            timespec: .init(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000)),
            isVirtual: true)
    }

    /// Calls `body` with a pointer to the deadline, or with nil for "never".
    static func with<R>(_ deadline: Deadline?, _ body: (UnsafePointer<timespec>?) -> R) -> R {
        guard var spec = deadline?.timespec else { return body(nil) }
        return withUnsafePointer(to: &spec) { body($0) }
    }

    /// The earlier of two deadlines, nil meaning "never".
    static func earliest(_ first: Deadline?, _ second: Deadline?) -> Deadline? {
        guard let first else { return second }
        guard let second else { return first }
        return first.nanoseconds <= second.nanoseconds ? first : second
    }

    var hasPassed: Bool {
        if _slowPath(isVirtual) { return (Explorer.virtualNow() ?? .max) >= nanoseconds }
        return mt_monotonic_now() >= nanoseconds
    }

    var nanoseconds: UInt64 {
        UInt64(max(0, timespec.tv_sec)) &* 1_000_000_000 &+ UInt64(max(0, timespec.tv_nsec))
    }
}

extension Duration {
    /// The duration in nanoseconds, clamped to the range of `Int64`.
    var saturatingNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return total
    }
}
