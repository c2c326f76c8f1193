import Multitasking
import ProcessStates
import XCTest

/// The transitions of the three-state model, and nothing else.
private let legal: [ProcessState: [ProcessEvent: ProcessState]] = [
    .ready: [.dispatch: .running],
    .running: [.timeout: .ready, .waitForIO: .blocked, .exit: .terminated],
    .blocked: [.ioCompleted: .ready],
    .terminated: [:],
]

/// Events that take a new process to `state` along legal transitions.
private let pathTo: [ProcessState: [ProcessEvent]] = [
    .ready: [],
    .running: [.dispatch],
    .blocked: [.dispatch, .waitForIO],
    .terminated: [.dispatch, .exit],
]

final class ProcessStateMachineTests: XCTestCase {
    /// A machine brought to `state` through legal events, failing the test if it refuses them.
    private func machine(in state: ProcessState, file: StaticString = #filePath, line: UInt = #line) throws -> ProcessStateMachine {
        var machine = ProcessStateMachine()
        for event in pathTo[state]! {
            let before = machine.state
            do {
                try machine.handle(event)
            } catch {
                XCTFail("a \(before) process should accept \(event), but it threw \(error)", file: file, line: line)
                throw error
            }
        }
        XCTAssertEqual(machine.state, state, "events \(pathTo[state]!.map(\.rawValue)) should lead a new process to \(state)", file: file, line: line)
        return machine
    }

    func testANewProcessIsReady() {
        XCTAssertEqual(ProcessStateMachine().state, .ready)
    }

    func testEachLegalTransitionLeadsToItsState() throws {
        for (state, transitions) in legal {
            for (event, target) in transitions {
                var process = try machine(in: state)
                XCTAssertNoThrow(try process.handle(event), "a \(state) process should accept \(event)")
                XCTAssertEqual(process.state, target, "\(event) should take a \(state) process to \(target)")
            }
        }
    }

    func testABlockedProcessCannotRunBeforeItsIOCompletes() throws {
        var process = try machine(in: .blocked)
        XCTAssertThrowsError(try process.handle(.dispatch), """
            a blocked process cannot be dispatched: it must first become ready when its I/O completes \
            (blocked → running is not a transition)
            """) { error in
            XCTAssertEqual(error as? IllegalTransition, IllegalTransition(state: .blocked, event: .dispatch))
        }
        XCTAssertEqual(process.state, .blocked, "a refused event leaves the state as it was")
        try process.handle(.ioCompleted)
        XCTAssertEqual(process.state, .ready, "when its I/O completes a blocked process becomes ready, not running: it waits for the scheduler")
    }

    func testEveryOtherEventIsRefusedAndChangesNothing() throws {
        for state in ProcessState.allCases {
            for event in ProcessEvent.allCases where legal[state]![event] == nil {
                var process = try machine(in: state)
                XCTAssertThrowsError(try process.handle(event), "a \(state) process should refuse \(event)") { error in
                    XCTAssertEqual(error as? IllegalTransition, IllegalTransition(state: state, event: event),
                                   "the error should name the state and the event")
                }
                XCTAssertEqual(process.state, state, "refusing \(event) should leave a \(state) process \(state)")
            }
        }
    }

    func testEveryHistoryTheSimulatorProducesIsLegal() throws {
        struct RoundRobin: SchedulingPolicy {
            var ready: [String] = []
            mutating func jobBecameReady(_ job: ReadyJob) { ready.append(job.name) }
            mutating func nextJob(at time: Int) -> Dispatch? { ready.isEmpty ? nil : Dispatch(ready.removeFirst(), timeSlice: 2) }
        }
        let jobs = [
            Job("editor", bursts: [.cpu(1), .io(4), .cpu(2), .io(3), .cpu(1)]),
            Job("compiler", arrival: 1, cpu: 7),
            Job("backup", arrival: 2, bursts: [.cpu(3), .io(6), .cpu(3)]),
        ]
        let timeline = try Simulator(contextSwitchCost: 1).run(jobs, policy: RoundRobin()).timeline
        for job in jobs {
            var process = ProcessStateMachine()
            for event in events(of: job, in: timeline) {
                let before = process.state
                XCTAssertNoThrow(try process.handle(event), "\(job.name): a \(before) process should accept \(event) (\(timeline))")
            }
            XCTAssertEqual(process.state, .terminated, "\(job.name) should end terminated")
        }
    }

    /// What happened to `job` in `timeline`, as events: each run is a dispatch, and ends with a
    /// timeout (burst not done), a wait for I/O and its completion, or the exit.
    private func events(of job: Job, in timeline: Timeline) -> [ProcessEvent] {
        var events: [ProcessEvent] = []
        var burst = 0
        var left = job.bursts[0].length
        for segment in timeline.segments where segment.activity == .run(job.name) {
            events.append(.dispatch)
            left -= segment.length
            if left > 0 {
                events.append(.timeout)
            } else if burst + 2 < job.bursts.count {
                events += [.waitForIO, .ioCompleted]
                burst += 2
                left = job.bursts[burst].length
            } else {
                events.append(.exit)
            }
        }
        return events
    }
}
