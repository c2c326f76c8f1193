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
/// console could be imitated or pushed out of the capped output. They live in the run's
/// `PrivateRunFolder` and are read through it (no symbolic links followed).
struct CheckFiles {
    /// `Multitasking.Diagnostics.deadlockExitStatus`: the runtime ends a deadlocked process
    /// with it (the grader does not link the runtime).
    static let deadlockExitStatus: Int32 = 86

    /// The run's folder, which holds every file.
    var folder: PrivateRunFolder

    static let diagnosticsName = "diagnostics.jsonl"
    static let timingName = "timing.jsonl"
    static let sanitizerLogName = "tsan"
    var diagnosticsPath: String { folder.path + "/" + Self.diagnosticsName }
    var timingPath: String { folder.path + "/" + Self.timingName }
    var sanitizerLogPrefix: String { folder.path + "/" + Self.sanitizerLogName }
    var suppressionsPath: String { folder.path + "/tsan-suppressions" }

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
        if let explore = conditions.explore { environment["MULTITASKING_EXPLORE"] = explore }
        if let schedule = conditions.schedule { environment["MULTITASKING_SCHEDULE"] = schedule }
        if threadSanitizer {
            // Lock-order inversions are only seen with the uninstrumented modules included
            // (ARCHITECTURE.md, "What the toolchain does"); the Swift runtime's own locks are then suppressed.
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
        var deadlocks: [Message] = []
        var lockOrder: [Message] = []
        var races: [Message] = []
    }

    func findings(root: String, exercise: Exercise, detectsDeadlocks: Bool) -> Findings {
        var found = Findings()
        for object in jsonLines(Self.diagnosticsName) {
            guard let kind = object["kind"] as? String, let message = RuntimeFinding.message(of: object) else { continue }
            switch kind {
            case "deadlock", "all-threads-blocked", "pool-blocked": found.deadlocks.append(message)
            case "lock-order-inversion" where detectsDeadlocks: found.lockOrder.append(message)
            default: break
            }
        }
        for log in sanitizerLogs() {
            guard case .file(let data) = folder.read(log) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for report in ThreadSanitizerReport.reports(in: text, root: root) {
                switch report.kind {
                case .dataRace: found.races.append(report.message)
                case .lockOrderInversion: found.lockOrder.append(report.message)
                case .other: found.races.append(report.message)
                }
            }
        }
        found.races = unique(found.races)
        found.lockOrder = unique(found.lockOrder)
        return found
    }

    func timings() -> [TimingFigure] {
        jsonLines(Self.timingName).compactMap { object in
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

    /// Names of ThreadSanitizer's logs (`tsan.<pid>`) in the run's folder.
    private func sanitizerLogs() -> [String] {
        folder.names().filter { $0.hasPrefix(Self.sanitizerLogName + ".") }.sorted()
    }

    /// Why a result file of the run cannot be trusted (swapped for a link, not a regular file).
    func suspicious() -> [String] {
        ([Self.diagnosticsName, Self.timingName] + sanitizerLogs()).compactMap { name in
            if case .suspicious(let reason) = folder.read(name) { return reason }
            return nil
        }
    }

    private func jsonLines(_ name: String) -> [[String: Any]] {
        guard case .file(let data) = folder.read(name) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any]
        }
    }

    private func unique(_ items: [Message]) -> [Message] {
        var seen = Set<String>()
        return items.filter { seen.insert($0.description).inserted }
    }
}
