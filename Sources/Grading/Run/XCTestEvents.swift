import Foundation

/// Reads the JSON lines the grader's XCTest observer writes (see `GradingXCTestObserver`):
/// `testStarted`, `failure` (message, file, line) and `testEnded` per test, `runEnded` last.
///
/// The observer runs in the test process, beside the student's code, so the lines are also
/// checked for what no honest run writes: a test the suite does not contain, a test started or
/// ended twice, a failure outside its test's run, a `testEnded` whose `failed` contradicts the
/// failures recorded, anything after `runEnded`.
struct XCTestEvents {
    private struct Event: Decodable {
        var kind: String
        var name: String?
        var message: String?
        var file: String?
        var line: Int?
        var duration: Double?
        var failed: Bool?
    }

    private(set) var started: [String] = []
    private(set) var ended: [String: Double] = [:]
    private(set) var failures: [String: [TestFailure]] = [:]
    /// Lines that cannot come from one honest run of the suite (the first few).
    private(set) var inconsistencies: [String] = []
    private(set) var runEnded = false

    /// `inventory`: the tests of the suite that ran.
    init(data: Data, inventory: [XCTestInventory.Test]) {
        let known = Set(inventory.map { "\($0.className).\($0.method)" })
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let event = try? decoder.decode(Event.self, from: line) else { continue }
            if runEnded { inconsistent("a record after the end of the run") }
            if event.kind == "runEnded" { runEnded = true }
            guard let name = event.name, ["testStarted", "testEnded", "failure"].contains(event.kind) else { continue }
            if !known.contains(name) { inconsistent("a record for \(name), which the suite does not contain") }
            read(event, name: name)
        }
    }

    private mutating func read(_ event: Event, name: String) {
        let running = started.contains(name) && ended[name] == nil
        switch event.kind {
        case "testStarted":
            if started.contains(name) { inconsistent("\(name) started twice") }
            started.append(name)
        case "testEnded":
            if !running { inconsistent(ended[name] == nil ? "\(name) ended without starting" : "\(name) ended twice") }
            if let failed = event.failed, failed != (failures[name] != nil) {
                inconsistent(failed ? "\(name) ended as failed with no failure recorded" : "\(name) ended as passed with failures recorded")
            }
            ended[name] = event.duration ?? 0
        default:
            if !running { inconsistent("a failure of \(name) recorded while it was not running") }
            failures[name, default: []].append(
                TestFailure(message: event.message ?? "failed", file: event.file, line: event.line))
        }
    }

    private mutating func inconsistent(_ reason: String) {
        if inconsistencies.count < 3 && !inconsistencies.contains(reason) { inconsistencies.append(reason) }
    }

    /// One result per test of the inventory (`Class/method` names, from `--dump-tests-json`).
    /// XCTest names a running test `Class.method`.
    func results(inventory: [XCTestInventory.Test]) -> [TestResult] {
        inventory.map { test in
            let name = "\(test.className).\(test.method)"
            let outcome: TestResult.Outcome
            if !started.contains(name) {
                outcome = .notRun
            } else if ended[name] == nil {
                outcome = .interrupted
            } else {
                outcome = failures[name] == nil ? .passed : .failed
            }
            return TestResult(
                suite: test.module + "." + test.className, name: test.method, outcome: outcome,
                duration: ended[name] ?? 0, failures: failures[name] ?? [])
        }
    }
}

/// The XCTest tests a test binary contains, from its `--dump-tests-json` (a structured listing
/// of suites and methods), so the grader knows how many tests each suite should run.
struct XCTestInventory {
    struct Test: Equatable {
        var module: String
        var className: String
        var method: String
        /// The argument that runs the whole class: `Module.Class`.
        var classSelector: String { module + "." + className }
    }

    private struct Node: Decodable {
        var name: String
        var tests: [Node]?
    }

    private(set) var tests: [Test] = []

    /// The inventory of `binary`, asked from the binary itself (`--dump-tests-json`).
    static func listed(in binary: String, workingDirectory: String) throws(GradingError) -> XCTestInventory {
        let listing = try ChildProcess(
            executable: binary, arguments: ["--dump-tests-json"], environment: ProcessInfo.processInfo.environment,
            workingDirectory: workingDirectory, timeout: .seconds(60), outputLimit: 8 * 1024 * 1024
        ).run()
        return XCTestInventory(json: listing.output.head + listing.output.tail)
    }

    init(json: [UInt8]) {
        // The JSON may follow other output (a test binary's load-time prints); start at "{".
        guard let start = json.firstIndex(of: UInt8(ascii: "{")),
              let root = try? JSONDecoder().decode(Node.self, from: Data(json[start...])) else { return }
        collect(root)
    }

    private mutating func collect(_ node: Node) {
        guard let children = node.tests else { return }
        // A class node is named "Module.Class" and its children are methods (no children).
        if node.name.contains("."), !node.name.hasSuffix(".xctest"), children.allSatisfy({ $0.tests == nil }) {
            let parts = node.name.split(separator: ".", maxSplits: 1)
            for method in children {
                tests.append(Test(module: String(parts[0]), className: String(parts[1]), method: method.name))
            }
            return
        }
        children.forEach { collect($0) }
    }

    func tests(inModule module: String) -> [Test] {
        tests.filter { $0.module == module }
    }
}
