import Foundation

/// Reads the JSON lines the grader's XCTest observer writes (see `GradingXCTestObserver`):
/// `testStarted`, `failure` (message, file, line) and `testEnded` per test.
struct XCTestEvents {
    private struct Event: Decodable {
        var kind: String
        var name: String?
        var message: String?
        var file: String?
        var line: Int?
        var duration: Double?
    }

    private(set) var started: [String] = []
    private(set) var ended: [String: Double] = [:]
    private(set) var failures: [String: [TestFailure]] = [:]

    init(contentsOf path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let event = try? decoder.decode(Event.self, from: line), let name = event.name else { continue }
            switch event.kind {
            case "testStarted": started.append(name)
            case "testEnded": ended[name] = event.duration ?? 0
            case "failure":
                failures[name, default: []].append(
                    TestFailure(message: event.message ?? "failed", file: event.file, line: event.line))
            default: break
            }
        }
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
