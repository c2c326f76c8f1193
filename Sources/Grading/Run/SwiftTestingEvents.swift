import Foundation

/// Reads Swift Testing's event stream (`--event-stream-output-path`, version 6.3: JSON Lines)
/// into the tests a run planned, started, ended, and the issues they recorded.
///
/// The stream has no pass/fail on `testEnded`: a test failed when an `issueRecorded` with
/// `isFailure: true` names it (see ARCHITECTURE.md, "What the toolchain does"). A crash cuts the stream after `testStarted`; a
/// line cut in the middle is ignored.
///
/// The stream is written by the test process, where the student's code runs too, so it is also
/// checked for records no honest run writes: a test declared, started or ended twice, a test the
/// suite does not contain, a failure outside its test's run, anything after `runEnded`.
struct SwiftTestingEvents {
    private struct Record: Decodable {
        var kind: String
        var payload: Payload
    }

    private struct Payload: Decodable {
        // "test" records
        var id: String?
        var kind: String?
        var name: String?
        // "event" records
        var testID: String?
        var instant: Instant?
        var issue: Issue?
        var messages: [Message]?
    }

    private struct Instant: Decodable { var absolute: Double }
    private struct Message: Decodable { var symbol: String?; var text: String }
    private struct Issue: Decodable {
        var isFailure: Bool?
        var sourceLocation: Location?
    }
    private struct Location: Decodable { var filePath: String?; var line: Int? }

    /// The test functions of the plan, in stream order, with their display names.
    private(set) var planned: [(id: String, name: String)] = []
    private(set) var started: [String: Double] = [:]
    private(set) var ended: [String: Double] = [:]
    private(set) var failures: [String: [TestFailure]] = [:]
    /// Failures recorded outside any test function (a suite's `init` that threw, for one).
    private(set) var otherFailures: [TestFailure] = []
    /// Records that cannot come from one honest run of the suite (the first few), written by
    /// code inside the test process: a result then cannot be trusted.
    private(set) var inconsistencies: [String] = []
    /// The runner wrote its end-of-run record.
    private(set) var runEnded = false

    /// `suite`: the test target whose tests the run was filtered to (`--filter ^Suite\.`).
    init(data: Data, suite: String) {
        let decoder = JSONDecoder()
        var functionIDs = Set<String>()
        var knownIDs = Set<String>()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? decoder.decode(Record.self, from: line) else { continue }
            let payload = record.payload
            if runEnded { inconsistent("a record after the end of the run") }
            if record.kind == "test" {
                guard let id = payload.id else { continue }
                if !id.hasPrefix(suite + ".") { inconsistent("a record for \(id), which suite \(suite) does not contain") }
                if !knownIDs.insert(id).inserted { inconsistent("\(id) declared twice") }
                if payload.kind == "function" {
                    planned.append((id, payload.name ?? id))
                    functionIDs.insert(id)
                }
                continue
            }
            guard record.kind == "event" else { continue }
            let testID = payload.testID ?? ""
            if !testID.isEmpty && !knownIDs.contains(testID) {
                inconsistent("an event for \(testID), which the run did not declare")
            }
            read(payload, testID: testID, isFunction: functionIDs.contains(testID))
        }
    }

    private mutating func read(_ payload: Payload, testID: String, isFunction: Bool) {
        let time = payload.instant?.absolute ?? 0
        switch payload.kind {
        case "runEnded":
            runEnded = true
        case "testStarted" where isFunction:
            if started[testID] != nil { inconsistent("\(testID) started twice") }
            started[testID] = time
        case "testEnded" where isFunction:
            if started[testID] == nil { inconsistent("\(testID) ended without starting") }
            if ended[testID] != nil { inconsistent("\(testID) ended twice") }
            ended[testID] = time
        case "issueRecorded" where payload.issue?.isFailure == true:
            let texts = payload.messages?.map(\.text) ?? []
            let failure = TestFailure(
                message: texts.joined(separator: ": "),
                file: payload.issue?.sourceLocation?.filePath,
                line: payload.issue?.sourceLocation?.line)
            guard isFunction else {
                otherFailures.append(failure)
                return
            }
            if started[testID] == nil || ended[testID] != nil {
                inconsistent("a failure of \(testID) recorded while it was not running")
            }
            failures[testID, default: []].append(failure)
        default:
            break
        }
    }

    private mutating func inconsistent(_ reason: String) {
        if inconsistencies.count < 3 && !inconsistencies.contains(reason) { inconsistencies.append(reason) }
    }

    /// One result per planned test. The suite is the test ID's type path (`Target.Type`).
    func results() -> [TestResult] {
        planned.map { test in
            let outcome: TestResult.Outcome
            if started[test.id] == nil {
                outcome = .notRun
            } else if ended[test.id] == nil {
                outcome = .interrupted
            } else {
                outcome = failures[test.id] == nil ? .passed : .failed
            }
            let duration = max(0, (ended[test.id] ?? started[test.id] ?? 0) - (started[test.id] ?? 0))
            let suite = test.id.split(separator: "/").first.map(String.init) ?? test.id
            return TestResult(
                suite: suite, name: test.name, outcome: outcome, duration: duration,
                failures: failures[test.id] ?? [])
        }
    }
}
