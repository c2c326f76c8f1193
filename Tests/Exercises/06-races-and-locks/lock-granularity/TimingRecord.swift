import Glibc

/// Appends one timing figure for the grader, in the format `CourseChecks.Timing` writes (one
/// JSON line in the file named by `GRADING_TIMING_PATH`), for a ratio this suite measures
/// itself (`Timing.ratio` times closures by the wall clock; this suite needs another measure).
/// `label` is written as it is: no quotes or backslashes in it.
func recordTiming(label: String, measured: Duration, baseline: Duration, limit: Double, attempts: Int) {
    guard let path = getenv("GRADING_TIMING_PATH").map({ String(cString: $0) }), !path.isEmpty else { return }
    let measuredSeconds = seconds(measured), baselineSeconds = seconds(baseline)
    let ratio = baselineSeconds > 0 ? measuredSeconds / baselineSeconds : Double.greatestFiniteMagnitude
    let line = "{\"label\":\"\(label)\",\"ratio\":\(ratio),\"limit\":\(limit),\"measuredSeconds\":\(measuredSeconds),\"baselineSeconds\":\(baselineSeconds),\"attempts\":\(attempts),\"passed\":\(ratio <= limit)}\n"
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return }
    defer { close(descriptor) }
    var bytes = Array(line.utf8)
    _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
