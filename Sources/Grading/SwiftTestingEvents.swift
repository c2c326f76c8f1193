import Foundation

/// Reads Swift Testing's event stream (`--event-stream-output-path`, version 6.3: JSON Lines)
/// into the tests a run planned, started, ended, and the issues they recorded.
///
/// The stream has no pass/fail on `testEnded`: a test failed when an `issueRecorded` with
/// `isFailure: true` names it (see DESIGN.md). A crash cuts the stream after `testStarted`; a
/// line cut in the middle is ignored.
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

    init(contentsOf path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let decoder = JSONDecoder()
        var functionIDs = Set<String>()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? decoder.decode(Record.self, from: line) else { continue }
            let payload = record.payload
            if record.kind == "test" {
                if payload.kind == "function", let id = payload.id {
                    planned.append((id, payload.name ?? id))
                    functionIDs.insert(id)
                }
                continue
            }
            guard record.kind == "event", let testID = payload.testID ?? Optional("") else { continue }
            let time = payload.instant?.absolute ?? 0
            switch payload.kind {
            case "testStarted" where functionIDs.contains(testID):
                started[testID] = time
            case "testEnded" where functionIDs.contains(testID):
                ended[testID] = time
            case "issueRecorded" where payload.issue?.isFailure == true:
                let texts = payload.messages?.map(\.text) ?? []
                let failure = TestFailure(
                    message: texts.joined(separator: ": "),
                    file: payload.issue?.sourceLocation?.filePath,
                    line: payload.issue?.sourceLocation?.line)
                if functionIDs.contains(testID) {
                    failures[testID, default: []].append(failure)
                } else {
                    otherFailures.append(failure)
                }
            default:
                break
            }
        }
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
