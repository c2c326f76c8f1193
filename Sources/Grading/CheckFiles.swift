import Foundation

/// The files through which one run of a suite tells the grader what the concurrency checks saw,
/// and the environment that asks for them:
///
/// - the runtime's diagnostics (`MULTITASKING_REPORT_PATH`): deadlocks and lock-order
///   inversions, one JSON line each;
/// - the suites' timing checks (`GRADING_TIMING_PATH`, see `CourseChecks.Timing`);
/// - ThreadSanitizer's reports (`TSAN_OPTIONS=log_path=...`, one file per process), in a
///   ThreadSanitizer build.
///
/// Files, not the console: the student's code can print anything, and a report read from the
/// console could be imitated or pushed out of the capped output.
struct CheckFiles {
    /// `Multitasking.Diagnostics.deadlockExitStatus`: the runtime ends a deadlocked process
    /// with it (the grader does not link the runtime).
    static let deadlockExitStatus: Int32 = 86

    /// Every file starts with this path.
    var base: String

    var diagnosticsPath: String { base + ".diagnostics.jsonl" }
    var timingPath: String { base + ".timing.jsonl" }
    var sanitizerLogPrefix: String { base + ".tsan" }
    var suppressionsPath: String { base + ".tsan-suppressions" }

    func removeAll() {
        for path in [diagnosticsPath, timingPath, suppressionsPath] + sanitizerLogs() { unlink(path) }
    }

    func environment(conditions: SuiteRun.Conditions, threadSanitizer: Bool) -> [String: String] {
        var environment = [
            "MULTITASKING_REPORT_PATH": diagnosticsPath,
            "GRADING_TIMING_PATH": timingPath,
        ]
        if conditions.detectsDeadlocks {
            environment["MULTITASKING_CHECKS"] = "deadlock,lock-order"
            // A thread blocked this long on a lock makes the detector look for a cycle; the
            // report comes after two sightings, well within a second.
            environment["MULTITASKING_DEADLOCK_INTERVAL_MS"] = "200"
            environment["MULTITASKING_ON_DEADLOCK"] = "exit"
        }
        if let seed = conditions.seed { environment["MULTITASKING_SEED"] = String(seed) }
        if threadSanitizer {
            // Lock-order inversions are only seen with the uninstrumented modules included
            // (DESIGN.md); the Swift runtime's own locks are then suppressed.
            let suppressions = "deadlock:libswiftCore.so\nrace:libswiftCore.so\n"
            _ = FileManager.default.createFile(atPath: suppressionsPath, contents: Data(suppressions.utf8))
            environment["TSAN_OPTIONS"] = [
                "log_path=\(sanitizerLogPrefix)", "exitcode=\(ThreadSanitizerReport.exitStatus)",
                "ignore_noninstrumented_modules=0", "suppressions=\(suppressionsPath)",
                "second_deadlock_stack=1", "history_size=4",
            ].joined(separator: ":")
        }
        return environment
    }

    /// What the checks found, as short reports for students.
    struct Findings {
        var deadlocks: [String] = []
        var lockOrder: [String] = []
        var races: [String] = []
    }

    func findings(root: String, exercise: Exercise, detectsDeadlocks: Bool) -> Findings {
        var found = Findings()
        for object in jsonLines(diagnosticsPath) {
            guard let kind = object["kind"] as? String, let message = object["message"] as? String else { continue }
            switch kind {
            case "deadlock": found.deadlocks.append(message)
            case "lock-order-inversion" where detectsDeadlocks: found.lockOrder.append(message)
            default: break  // thread errors reach the student through the failed test
            }
        }
        for log in sanitizerLogs() {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            for report in ThreadSanitizerReport.reports(in: text, root: root) {
                switch report.kind {
                case .dataRace: found.races.append(report.description)
                case .lockOrderInversion: found.lockOrder.append(report.description)
                case .other: found.races.append(report.description)
                }
            }
        }
        found.races = unique(found.races)
        found.lockOrder = unique(found.lockOrder)
        return found
    }

    func timings() -> [TimingFigure] {
        jsonLines(timingPath).compactMap { object in
            guard let label = object["label"] as? String,
                  let ratio = object["ratio"] as? Double, let limit = object["limit"] as? Double,
                  let measured = object["measuredSeconds"] as? Double,
                  let baseline = object["baselineSeconds"] as? Double,
                  let attempts = object["attempts"] as? Int, let passed = object["passed"] as? Bool
            else { return nil }
            return TimingFigure(label: label, ratio: ratio, limit: limit, measuredSeconds: measured,
                                baselineSeconds: baseline, attempts: attempts, passed: passed)
        }
    }

    private func sanitizerLogs() -> [String] {
        let folder = parentFolder(of: sanitizerLogPrefix)
        let prefix = lastComponent(sanitizerLogPrefix) + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { folder + "/" + $0 }
    }

    private func jsonLines(_ path: String) -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any]
        }
    }

    private func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
