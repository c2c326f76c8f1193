import Foundation

/// Runs one of the Python reference benchmarks (`Benchmarks/python/<script>.py`) and returns the
/// figures it prints, so each Swift row can be shown next to the classic lesson's counterpart
/// measured in the same run on the same machine.
///
/// The protocol is deliberately small: the script takes its arguments on the command line
/// (`--quick` among them when the benchmark runs in quick mode) and prints **one JSON object** on
/// standard output whose values are all numbers, e.g. `{"thread_start_join_500_ms": 48.1}`. Anything
/// else it prints goes to standard error. Keys are chosen by the script and its Swift section.
///
/// When `python3` is missing, the script is missing, it fails, or its output is not such an
/// object, `run` returns an empty dictionary and says why on standard error;
/// the table then shows "n/a" in the Python column rather than failing the whole benchmark.
enum PythonReference {
    /// The package root, found from this file's path at compile time
    /// (`<root>/Sources/MultitaskingBenchmark/PythonReference.swift`), so the benchmark works
    /// from any current directory.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MultitaskingBenchmark
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // package root

    /// The folder holding the Python scripts.
    static var scriptsFolder: URL {
        packageRoot.appendingPathComponent("Benchmarks/python", isDirectory: true)
    }

    /// Runs `Benchmarks/python/<script>.py` with `arguments` (plus `--quick` in quick mode) and
    /// returns its figures by key; empty when Python could not be run (the reason goes to stderr).
    static func run(_ script: String, arguments: [String] = [], options: BenchmarkOptions) -> [String: Double] {
        let path = scriptsFolder.appendingPathComponent("\(script).py").path
        guard FileManager.default.fileExists(atPath: path) else {
            note("no Python reference: \(path) does not exist")
            return [:]
        }
        guard let python = pythonExecutable() else {
            note("no Python reference for \(script): python3 was not found on PATH")
            return [:]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [path] + arguments + (options.quick ? ["--quick"] : [])
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        process.standardOutput = output
        // Let the script's own diagnostics reach the terminal.
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            note("could not run \(python) \(path): \(error)")
            return [:]
        }
        // Read before waiting, so a chatty script cannot fill the pipe and block.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            note("\(script).py failed (status \(process.terminationStatus)); its Python column shows n/a")
            return [:]
        }
        return parse(data, script: script)
    }

    /// The figures of the last line of `data` that starts with `{`: a JSON object of numbers.
    static func parse(_ data: Data, script: String) -> [String: Double] {
        let text = String(decoding: data, as: UTF8.self)
        let candidate = text.split(whereSeparator: \.isNewline).last { $0.hasPrefix("{") }
        guard let candidate,
              let figures = try? JSONDecoder().decode([String: Double].self, from: Data(candidate.utf8))
        else {
            note("\(script).py printed no JSON object of numbers on stdout; its Python column shows n/a")
            return [:]
        }
        return figures
    }

    /// `python3` from PATH (or `$PYTHON`, to compare another interpreter).
    static func pythonExecutable() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["PYTHON"], !chosen.isEmpty {
            return chosen.contains("/") ? chosen : search(chosen, in: environment["PATH"])
        }
        return search("python3", in: environment["PATH"])
    }

    private static func search(_ name: String, in path: String?) -> String? {
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func note(_ message: String) {
        FileHandle.standardError.write(Data("multitasking-benchmark: \(message)\n".utf8))
    }
}
