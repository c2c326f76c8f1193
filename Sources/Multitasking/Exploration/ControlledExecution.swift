import CMultitasking
import Glibc
import Synchronization

/// One execution of a program under the explorer: its threads run one at a time, and control
/// passes between them only at the runtime's operations, where the strategy picks who goes on.
///
/// Each thread of the execution (a *participant*) has a turn word: it runs while the word is 1
/// and sleeps on it otherwise. Handing over is "set the next one's word, wake it, sleep on mine",
/// so at most one participant runs, and everything the scheduler keeps is touched only by the
/// participant that runs (the handover's release and acquire order it).
final class ControlledExecution: @unchecked Sendable {
    final class Participant: @unchecked Sendable {
        enum State {
            case runnable
            /// Waiting for `subject`, or until the virtual clock reaches `deadline`.
            case blocked(WaitSubject, deadline: UInt64?)
            case finished
        }

        let index: Int
        let thread: Thread
        /// Strong: a thread that the driver gave up on (no progress) may still reach a switch
        /// point later, and must find its execution (over) instead of freed memory.
        let execution: ControlledExecution
        let turn: UnsafeMutablePointer<UInt32>
        var state = State.runnable

        init(index: Int, thread: Thread, execution: ControlledExecution) {
            (self.index, self.thread, self.execution) = (index, thread, execution)
            turn = .allocate(capacity: 1)
            turn.initialize(to: 0)
        }

        deinit { turn.deallocate() }
    }

    /// How an execution ended.
    enum Outcome {
        case passed
        case failed(summary: String)
    }

    private let strategy: StrategyBox
    let stepBound: Int
    private(set) var participants: [Participant] = []
    /// The choices made where more than one thread could run: the schedule.
    private(set) var choices: [Int] = []
    /// Virtual nanoseconds since the execution began.
    private(set) var clock: UInt64 = 0
    private(set) var timeline = ExecutionTimeline()
    /// Steps taken, read by the driver to see that the execution makes progress.
    let steps = Atomic<Int>(0)
    private let outcomeSlot = Protected<Outcome?>(nil)
    let done = FutexFlag()

    init(strategy: StrategyBox, stepBound: Int) {
        self.strategy = strategy
        self.stepBound = stepBound
    }

    var outcome: Outcome? { outcomeSlot.withLock { $0 } }

    // MARK: Threads

    /// Makes `thread` a participant, before it starts. The first one is the explored body.
    @discardableResult
    func register(_ thread: Thread, startedBy parent: Participant?) -> Participant {
        let participant = Participant(index: participants.count, thread: thread, execution: self)
        participants.append(participant)
        thread.diagnostics.participant.withLock { $0 = participant }
        strategy.value.threadStarted(participant.index)
        if let parent { note(parent, "starts '\(thread.name)'") }
        return participant
    }

    /// Gives the first turn to the body (from the driver, which does not take part).
    func begin(with root: Participant) {
        handTurn(to: root)
    }

    /// On a new thread, before its body: waits until the strategy lets it run.
    func waitForTurn(_ me: Participant) {
        // Only the participant that runs hands the turn on, and only to one other: no race.
        while mt_atomic_load(me.turn) != 1 {
            _ = mt_futex_wait_while_equal(me.turn, 0, nil)
        }
        mt_atomic_store(me.turn, 0)
        if outcome != nil { parkForever() }
    }

    func threadEnded(_ me: Participant) {
        me.state = .finished
        note(me, "ends")
        advance(from: me)
    }

    // MARK: Steps

    /// A switch point: the strategy may let another thread run before `me` goes on.
    func step(_ me: Participant) {
        advance(from: me)
    }

    /// Blocks `me` until it can take `subject` (true) or the virtual clock reaches `deadline`
    /// (false), letting the others run meanwhile.
    func block(_ me: Participant, on subject: WaitSubject, until deadline: Deadline?) -> Bool {
        let virtualDeadline = deadline.map { $0.isVirtual ? $0.nanoseconds : clock }
        var announced = false
        while true {
            if take(subject) {
                me.state = .runnable
                if announced { note(me, "wakes") }
                return true
            }
            if let virtualDeadline, clock >= virtualDeadline {
                me.state = .runnable
                note(me, announced ? "times out" : "gives up at once")
                return false
            }
            if !announced {
                if case .time = subject.word {} else { note(me, "waits for \(subject.reportPhrase)") }
                announced = true
            }
            me.state = .blocked(subject, deadline: virtualDeadline)
            advance(from: me)
        }
    }

    /// Sleeps on the virtual clock: the others run, and time moves on only when all are blocked.
    func sleep(_ me: Participant, for duration: Duration) {
        note(me, "sleeps \(describe(duration))")
        let deadline = Deadline(virtualNanoseconds: clock &+ UInt64(max(0, duration.saturatingNanoseconds)))
        _ = block(me, on: WaitSubject(word: .time, phrase: "time to pass"), until: deadline)
    }

    func note(_ participant: Participant, _ text: String) {
        timeline.record(step: steps.load(ordering: .relaxed), thread: participant.index, text)
    }

    /// The step of the scheduler: picks who runs next among the threads that can, advancing
    /// the virtual clock when none can but one waits with a timeout.
    private func advance(from me: Participant) {
        if outcome != nil { parkForever() }
        let count = steps.wrappingAdd(1, ordering: .relaxed).newValue
        if count > stepBound {
            fail(me, "Livelock: the threads took more than \(stepBound) steps without finishing"
                + " (a loop that waits without blocking, or that never ends)")
        }
        var enabled = participants.filter(isEnabled).map(\.index)
        if enabled.isEmpty {
            if let next = earliestTimedWait() {
                if case .blocked(_, let deadline?) = next.state { clock = max(clock, deadline) }
                enabled = [next.index]
            } else if participants.allSatisfy({ isFinishedOrDaemon($0) }) {
                finish(.passed)
                if case .finished = me.state { return }
                parkForever()
            } else {
                fail(me, stuckSummary())
            }
        }
        let current = isEnabled(me) ? me.index : nil
        let chosen: Int
        if enabled.count == 1 {
            chosen = enabled[0]
        } else {
            chosen = strategy.value.choose(among: enabled, current: current)
            choices.append(chosen)
        }
        guard chosen != me.index else { return }
        handTurn(to: participants[chosen])
        if case .finished = me.state { return }
        waitForTurn(me)
    }

    private func handTurn(to next: Participant) {
        mt_atomic_store(next.turn, 1)
        mt_futex_wake_all(next.turn)
    }

    private func isEnabled(_ participant: Participant) -> Bool {
        switch participant.state {
        case .runnable: return true
        case .finished: return false
        case .blocked(let subject, let deadline):
            if let deadline, clock >= deadline { return true }
            return subject.canProceed
        }
    }

    private func isFinishedOrDaemon(_ participant: Participant) -> Bool {
        if case .finished = participant.state { return true }
        return participant.thread.daemon && participant.index != 0
    }

    private func earliestTimedWait() -> Participant? {
        var best: (deadline: UInt64, participant: Participant)?
        for participant in participants {
            guard case .blocked(_, let deadline?) = participant.state else { continue }
            if best == nil || deadline < best!.deadline { best = (deadline, participant) }
        }
        return best?.participant
    }

    /// Takes what a blocked thread waits for, if it can now.
    private func take(_ subject: WaitSubject) -> Bool {
        switch subject.word {
        case .lock(let word): mt_futex_lock_try(word)
        case .flag(let word): mt_atomic_load(word) != 0
        case .time: false
        }
    }

    // MARK: Ending

    /// Ends the execution with a failure seen by `me`, which then never runs again.
    func fail(_ me: Participant, _ summary: String) -> Never {
        timeline.record(step: steps.load(ordering: .relaxed), thread: me.index, "✗ " + (summary.split(separator: "\n").first.map(String.init) ?? summary), isFailure: true)
        finish(.failed(summary: summary))
        parkForever()
    }

    /// Ends the execution from the driver (a thread that stopped making progress).
    func failFromOutside(_ summary: String) {
        finish(.failed(summary: summary))
    }

    private func finish(_ outcome: Outcome) {
        let first = outcomeSlot.withLock { slot -> Bool in
            guard slot == nil else { return false }
            slot = outcome
            return true
        }
        guard first else { return }
        // Threads left blocked (daemons, or the threads of a failed schedule) stay parked for
        // good: out of the registry, so that nothing waits for them at exit.
        for participant in participants {
            if case .finished = participant.state { continue }
            ThreadRegistry.remove(participant.thread)
        }
        done.raise()
    }

    /// Parks the calling participant for the rest of the process: its execution is over.
    func parkForever() -> Never {
        let word = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
        word.initialize(to: 0)
        while true { _ = mt_futex_wait_while_equal(word, 0, nil) }
    }

    /// A deadlock, or a lost wake-up when only threads waiting for a notification are left.
    private func stuckSummary() -> String {
        let stuck = participants.compactMap { participant -> (Participant, WaitSubject)? in
            guard case .blocked(let subject, _) = participant.state else { return nil }
            return (participant, subject)
        }
        // Lost: some wait for a notification, and the others only for threads to finish.
        if let first = stuck.first(where: { $0.1.isNotification }),
           stuck.allSatisfy({ $0.1.isNotification || $0.1.isThreadEnd }) {
            return "Lost wake-up: thread '\(first.0.thread.name)' waits for \(first.1.phrase),"
                + " and no thread that could notify it is left running"
        }
        let steps = stuck.map { participant, subject in
            let held = participant.thread.diagnostics.heldLocks.withLock { $0.map { "'\($0.name)'" } }
            return DiagnosticReport.Step(
                thread: participant.thread.name, holds: held.joined(separator: ", "), wants: subject.reportPhrase)
        }
        return DiagnosticReport(kind: .allThreadsBlocked, steps: steps, detail: nil, seed: nil).description
    }

    /// Breaks the cycle between the execution and its participants once nobody runs in it.
    func forgetParticipants() {
        participants = []
    }
}

/// The strategy, shared by the executions of one exploration (a systematic search remembers
/// what it tried; PCT learns how long executions are).
final class StrategyBox: @unchecked Sendable {
    var value: any SchedulingStrategy
    init(_ value: any SchedulingStrategy) { self.value = value }
}

private func describe(_ duration: Duration) -> String {
    let nanoseconds = duration.saturatingNanoseconds
    if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000) ms" }
    return "\(nanoseconds / 1_000) µs"
}
