/// Hostile: waits for a line on standard input. The grader gives tests /dev/null there, so the
/// read ends at once instead of at the timeout.
public func answer() -> Int {
    Int(readLine() ?? "") ?? 0
}
