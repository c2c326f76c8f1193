// Exercise lock-granularity: How much to lock (chapter Races and locks).
// Read first: Exercises/06-races-and-locks/lesson.md, the section on lock-granularity.
// Check it: swift run grade lock-granularity    Stuck? swift run grade hint lock-granularity

import Multitasking

/// A running total that several threads add to. `lock` guards `value`: read or write `value`
/// only while holding `lock`.
public final class Tally: @unchecked Sendable {
    public let lock = Lock(name: "tally")
    public var value = 0

    public init() {}
}

/// Adds 1 to `tally.value`, `times` times. Several threads may call it on the same tally at the
/// same moment, so every change must happen under `tally.lock`; and it runs in a hot loop, so
/// take the lock ONCE for the whole loop, not once per step.
public func addOnes(to tally: Tally, times: Int) {
    // TODO: hold `tally.lock` once around a loop that adds 1 to `tally.value` `times` times.
}
