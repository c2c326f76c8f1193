import Multitasking

/// Turns the runtime's lock-order check on for `body` and returns the lock-order reports found
/// so far, so that a suite can fail an order of locks that may deadlock even when this run did
/// not hang. Afterwards the check is set back to what the environment asks for (the grader may
/// turn it on), not to a saved copy of the options: another suite of this process may change
/// them meanwhile, and restoring a stale copy could undo its change or leave ours on.
///
/// The check is process-wide: serialize a suite that uses it.
public func withLockOrderCheck(_ body: () throws -> Void) rethrows -> [DiagnosticReport] {
    setLockOrderCheck(true)
    defer { setLockOrderCheck(Diagnostics.environmentOptions?.checksLockOrder ?? false) }
    try body()
    return Diagnostics.reports.filter { $0.kind == .lockOrderInversion }
}

private func setLockOrderCheck(_ on: Bool) {
    var options = Diagnostics.options
    options.checksLockOrder = on
    Diagnostics.enable(options)
}
