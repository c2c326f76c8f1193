import Glibc
import Multitasking
import Synchronization
import Testing
import XCTest

/// The fork stress test: thousands of fork/join cycles whose child does ordinary Swift work
/// while another thread of the parent keeps the Swift runtime's metadata and conformance locks
/// busy. Without the fork gate (mt_process.h) such a child hangs about once in 2,000-4,000
/// forks (measured on this toolchain); with it there must be no hang at all. A hang fails the
/// test through the join timeout instead of hanging CI.
enum ForkStress {
    struct Outcome: CustomStringConvertible {
        var cycles = 0
        var hangs = 0
        var failures: [String] = []
        var seconds = 0.0
        var noiseTypes = 0
        var gateWaits: UInt64 = 0
        var description: String {
            "\(cycles) fork/join cycles in \(String(format2(seconds))) s, \(hangs) hangs, \(failures.count) failures, "
                + "\(noiseTypes) new types made by the noise thread meanwhile, \(gateWaits) forks waited at the gate"
        }
    }

    /// Runs `cycles` fork/join cycles, each child doing rich Swift work on types the parent never made.
    static func run(cycles: Int, label: String) throws -> Outcome {
        let stop = Atomic<Bool>(false)
        let made = Atomic<Int>(0)
        // The noise: new generic metadata (InlineArray<N, Int> for a fresh N each time) and a
        // conformance-cache miss for each, i.e. the runtime locks, all the time.
        let noise = Thread(name: "runtime-noise-\(label)", daemon: true) {
            var count = 50_000_000 + Int.random(in: 0..<1_000_000) * 100
            while !stop.load(ordering: .relaxed) {
                count += 1
                if let type = _typeByName("s11InlineArrayVy$\(count)_SiG") {
                    _ = type as? any CustomStringConvertible.Type
                    _ = "\(type)".count
                }
                made.add(1, ordering: .relaxed)
            }
        }
        try noise.start()
        defer {
            stop.store(true, ordering: .relaxed)
            try? noise.join()
        }
        let gateWaitsBefore = ForkGateStatistics.waits
        var outcome = Outcome()
        let clock = ContinuousClock()
        let start = clock.now
        let base = 1_000 + Int.random(in: 0..<1_000_000) * 20
        for cycle in 0..<cycles {
            let child = Multitasking.Process(name: "stress-\(cycle)") {
                // Strings, dictionaries, generics, casts and a type nobody has made yet.
                var table: [String: [Int]] = [:]
                for key in 0..<8 { table["key-\(key)-\(cycle)", default: []].append(key * cycle) }
                let joined = table.keys.sorted().joined(separator: ",")
                let values: [Any] = [cycle, joined, 2.5, table, Set([cycle])]
                let described = values.compactMap { $0 as? any CustomStringConvertible }.map { "\($0)" }
                let fresh = _typeByName("s11InlineArrayVy$\(base + cycle)_SiG")
                guard fresh != nil, described.count == values.count, joined.contains("key-0") else { exit(2) }
                _ = fresh as? any Hashable.Type
            }
            try child.start()
            if try !child.join(timeout: .seconds(10)) {
                outcome.hangs += 1
                try child.kill()
                try child.join()
                continue
            }
            if child.exitCode != 0 { outcome.failures.append(child.failure ?? "exit code \(child.exitCode!)") }
            outcome.cycles += 1
        }
        outcome.seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        outcome.noiseTypes = made.load(ordering: .relaxed)
        outcome.gateWaits = ForkGateStatistics.waits - gateWaitsBefore
        writeLine("fork stress (\(label)): \(outcome)")
        return outcome
    }

    static func writeLine(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}

func format2(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
}

/// How many cycles each stress test runs (MULTITASKING_FORK_STRESS_CYCLES overrides it).
let forkStressCycles: Int = getenv("MULTITASKING_FORK_STRESS_CYCLES").flatMap { Int(String(cString: $0)) } ?? 2_000

@Suite(.hangGuard, forkSupported)
struct ProcessForkStressTests {
    @Test func thousandsOfForksWithRichChildrenNeverHang() throws {
        #expect(ForkGateStatistics.isActive)
        let outcome = try ForkStress.run(cycles: forkStressCycles, label: "Swift Testing")
        #expect(outcome.hangs == 0)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.prefix(3))")
        #expect(outcome.cycles == forkStressCycles)
        #expect(outcome.noiseTypes > 0)
    }
}

final class ProcessForkStressXCTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipIf(ForkGateStatistics.isThreadSanitizerActive, forkUnsupportedReason)
    }

    func testThousandsOfForksWithRichChildrenNeverHang() throws {
        XCTAssertTrue(ForkGateStatistics.isActive)
        let outcome = try ForkStress.run(cycles: forkStressCycles, label: "XCTest")
        XCTAssertEqual(outcome.hangs, 0)
        XCTAssertEqual(outcome.failures, [])
        XCTAssertEqual(outcome.cycles, forkStressCycles)
        XCTAssertGreaterThan(outcome.noiseTypes, 0)
    }
}
