@_spi(CourseChecks) import Multitasking

/// What `ChildProcesses.endingLate(by:_:)` saw while the code under test ran.
public struct LateEndings<Value> {
    /// What the code under test returned.
    public var value: Value
    /// The children it started and left unjoined when it returned, running or ended.
    public var leftBehind: Set<Int32>
    /// The most of its children that one of them saw at once (itself included) as it ended:
    /// 1 when each child was joined before the next one started.
    public var mostAtOnce: Int
}

extension ChildProcesses {
    /// Runs `body` (on the calling thread, which must be the one that starts the children) so
    /// that every child it starts is slow to end: after its work each child waits `delay`
    /// before it exits.
    ///
    /// A function that promises to return after its children have ended, but sleeps instead
    /// of joining or does not join at all, returns while they are still there (`leftBehind`);
    /// children that only put a result and end give it no chance to be caught otherwise. And
    /// since no child can be gone before `delay` has passed, the children present at once
    /// show whether they all ran together (`mostAtOnce`), without a watcher thread in the
    /// parent (one that forks beside a watcher can hang the child, see `RunningThreads`).
    public static func endingLate<Value>(by delay: Duration, _ body: () throws -> Value) throws -> LateEndings<Value> {
        let thread = callingThread()
        let before = current()
        let most = try SharedValue(0, name: "children seen at once")
        let epilogue: @Sendable () -> Void = {
            let seenFirst = children(ofThreadAt: thread).subtracting(before).count
            Multitasking.Thread.sleep(for: delay)
            let seenLast = children(ofThreadAt: thread).subtracting(before).count
            most.withLock { $0 = max($0, seenFirst, seenLast) }
        }
        let value = try ChildEpilogue.during(epilogue, body)
        return LateEndings(value: value, leftBehind: current().subtracting(before), mostAtOnce: most.value)
    }
}

extension LateEndings: Sendable where Value: Sendable {}
