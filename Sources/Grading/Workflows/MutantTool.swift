import Foundation

/// The instructors' mutation tool (`InstructorTools/`, product `course-mutants`), run as a child
/// process: it parses and rewrites Swift with swift-syntax, which takes minutes to build on two
/// cores and must never be compiled by what students run (`swift run grade`, `swift test`), so
/// it lives in a package of its own that only `grade mutate` builds.
struct MutantTool {
    /// One mutant as the tool lists it (the tool's `Mutant`, read from its JSON).
    struct Mutant: Codable, Sendable, Equatable {
        var number: Int
        var id: String
        var operatorName: String
        var file: String
        var line: Int
        var description: String
        var diff: String
        var schemaLines: ClosedRange<Int>
    }

    static let packageFolder = "InstructorTools"
    static let product = "course-mutants"

    var root: String
    /// The tools' package folder (the course's `InstructorTools` unless told otherwise), or the
    /// tool's executable.
    var packagePath: String
    var progress: @Sendable (String) -> Void = { _ in }
    private var executable: String?

    init(root: String, packagePath: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        (self.root, self.progress) = (root, progress)
        self.packagePath = packagePath ?? root + "/" + Self.packageFolder
    }

    /// Builds the tool (seconds when it is up to date, minutes the first time). `packagePath`
    /// may also name the tool's executable itself, already built (the tools' own tests do so:
    /// their `swift test` holds the package's build folder).
    mutating func build() throws(GradingError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: packagePath, isDirectory: &isFolder), !isFolder.boolValue {
            executable = packagePath
            return
        }
        guard FileManager.default.fileExists(atPath: packagePath + "/Package.swift") else {
            throw GradingError("the mutation tool's package is missing: \(packagePath)/Package.swift; `grade mutate` needs the instructor's repository (not a student edition), or --mutation-tool <folder or executable>")
        }
        progress("building the mutation tool (\(Self.packageFolder); minutes the first time)")
        let built = try swift(["build", "--package-path", packagePath, "--product", Self.product])
        guard built.ending == .exited(0) else {
            throw GradingError((["the mutation tool (\(packagePath)) does not build:"] + built.output.text.split(separator: "\n").suffix(20).map(String.init)).joined(separator: "\n"))
        }
        let path = try swift(["build", "--package-path", packagePath, "--show-bin-path"])
        executable = path.output.text.trimmingCharacters(in: .whitespacesAndNewlines) + "/" + Self.product
    }

    /// Writes the schema of `files` into `output` and returns its mutants.
    func schema(of files: [String], into output: String, excluding excluded: Set<String>) throws(GradingError) -> [Mutant] {
        guard let executable else { throw GradingError("the mutation tool was not built") }
        let arguments = ["--output", output] + excluded.sorted().flatMap { ["--exclude", $0] } + files
        let process = ChildProcess(executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment,
                                   workingDirectory: root, timeout: .seconds(120), outputLimit: 16 * 1024 * 1024)
        let outcome = try process.run()
        guard outcome.ending == .exited(0) else {
            throw GradingError("the mutation tool failed on \(files.joined(separator: ", ")): \(outcome.output.text.suffix(2000))")
        }
        // The tool prints the JSON on standard output; warnings of its own go before it.
        let text = outcome.output.text
        guard let start = text.firstIndex(of: "["),
              let mutants = try? JSONDecoder().decode([Mutant].self, from: Data(text[start...].utf8)) else {
            throw GradingError("the mutation tool's output is not a list of mutants: \(text.prefix(500))")
        }
        return mutants
    }

    private func swift(_ arguments: [String]) throws(GradingError) -> ChildProcess.Outcome {
        try ChildProcess(executable: "swift", arguments: arguments, environment: BuildEnvironment.stable(ProcessInfo.processInfo.environment),
                         workingDirectory: root, timeout: .seconds(1800), outputLimit: 1024 * 1024).run()
    }
}
