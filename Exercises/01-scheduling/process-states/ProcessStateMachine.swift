// Exercise process-states: Ready, running, blocked (chapter From batch systems to multiprogramming).
// Read first: Exercises/01-scheduling/lesson.md, the section on process-states.
// Check it: swift run grade process-states    Stuck? swift run grade hint process-states

/// The states of a process, as the scheduler sees it.
public enum ProcessState: String, Sendable, CaseIterable {
    /// It has everything it needs but the processor.
    case ready
    /// It has the processor.
    case running
    /// It waits for something other than the processor (I/O to finish, a message, a lock).
    case blocked
    /// It has exited.
    case terminated
}

/// What can happen to a process.
public enum ProcessEvent: String, Sendable, CaseIterable {
    /// The scheduler gives it the processor.
    case dispatch
    /// Its time slice runs out and the scheduler takes the processor back.
    case timeout
    /// It starts an I/O operation (or another wait) and gives up the processor.
    case waitForIO
    /// The I/O it waited for is done.
    case ioCompleted
    /// It finishes.
    case exit
}

/// An event that cannot happen to a process in its current state.
public struct IllegalTransition: Error, Equatable, CustomStringConvertible {
    public let state: ProcessState
    public let event: ProcessEvent

    public init(state: ProcessState, event: ProcessEvent) {
        (self.state, self.event) = (state, event)
    }

    public var description: String { "a \(state) process cannot \(event)" }
}

/// The state of one process, changed only along the transitions of the three-state model
/// (plus the exit):
///
///     ready --dispatch--> running --timeout--> ready
///     running --waitForIO--> blocked --ioCompleted--> ready
///     running --exit--> terminated
///
/// A new process is ready.
public struct ProcessStateMachine: Sendable {
    public private(set) var state: ProcessState = .ready

    public init() {}

    /// Moves to the state `event` leads to from the current one. An event that cannot happen
    /// in the current state (a blocked process being dispatched, a ready one exiting, anything
    /// after the exit) throws `IllegalTransition` and leaves the state as it was.
    public mutating func handle(_ event: ProcessEvent) throws(IllegalTransition) {
        // TODO: switch on `(state, event)`: the five transitions of the diagram change `state`;
        // every other pair throws `IllegalTransition(state: state, event: event)`.
    }
}
