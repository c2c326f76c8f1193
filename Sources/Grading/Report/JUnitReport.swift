import Foundation
import Glibc

/// Writes the JUnit XML report from the grader's own results (not SwiftPM's `--xunit-output`,
/// see ARCHITECTURE.md, "What the toolchain does"), in the shape both the Ant schema and Jenkins' schema accept, which is what
/// GitLab, GitHub reporters and Azure read too:
///
/// - one `testsuite` per exercise (`name` chapter.exercise, `package` the chapter), with
///   `properties` (exercise id, points possible and earned, verdict), one `testcase` per test
///   and a `build` test case when the exercise did not compile, then `system-out`/`system-err`;
/// - `failure` for a failed expectation, `error` for what is not a fair failure (compile error,
///   crash, timeout, a test that never ran);
/// - counts that equal the test cases, times with three decimals.
///
/// The file is written next to its destination and renamed over it, so a reader never sees a
/// half-written report, even if the grader is killed.
package struct JUnitReport: Sendable {
    package var outcome: GradingOutcome
    package var hostname: String
    package var timestamp: Date
    /// The language of the messages (`message` attributes and texts written by the grader);
    /// element and attribute names, `type` values and properties stay English for tools.
    package var language: Language

    package init(outcome: GradingOutcome, timestamp: Date = Date(), language: Language = .en) {
        self.outcome = outcome
        self.timestamp = timestamp
        self.language = language
        var name = [CChar](repeating: 0, count: 256)
        hostname = gethostname(&name, name.count) == 0 && name[0] != 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
    }

    /// Fails early, before any grading, when the report could not be written there.
    package static func checkDestination(_ path: String) throws(GradingError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw GradingError("cannot write the JUnit report to \(path): it is a folder; give a file name")
        }
        let folder = parentFolder(of: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GradingError("cannot write the JUnit report to \(path): the folder \(folder) does not exist")
        }
        // By trying, not with access(2): root passes access() on a folder without write
        // permission, yet a read-only file system or a special folder (/sys) still refuses.
        let probe = folder + "/.\(lastComponent(path)).\(getpid()).probe"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw GradingError("cannot write the JUnit report to \(path): the folder \(folder) is not writable (\(errnoText()))")
        }
        close(descriptor)
        unlink(probe)
    }

    package func write(to path: String) throws(GradingError) {
        try Self.checkDestination(path)
        let folder = parentFolder(of: path)
        guard let writer = XMLTextWriter() else {
            throw GradingError("cannot write the JUnit report to \(path): libxml2 could not start a document")
        }
        writeDocument(writer)
        guard let document = writer.finish() else {
            throw GradingError("cannot write the JUnit report to \(path): libxml2 could not write it")
        }
        // Written aside and renamed over the destination: readers see the old file or the
        // complete new one, never half of it.
        let temporary = folder + "/.\(lastComponent(path)).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw GradingError("cannot write the JUnit report to \(path): \(errnoText())")
        }
        var written = 0
        while written < document.count {
            let count = document[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 && errno != EINTR { break }
            written += max(count, 0)
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == document.count, synced, rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw GradingError("cannot write the JUnit report to \(path): \(reason)")
        }
    }

    private struct Case {
        var name: String
        var classname: String
        var seconds: Double
        /// ("failure" or "error", type, message, text)
        var problem: (element: String, type: String, message: String, text: String)?
    }

    private func writeDocument(_ writer: XMLTextWriter) {
        let suites = outcome.results.map { result in (result, cases(for: result)) }
        // No attributes on <testsuites>: the Ant schema allows none (Jenkins' only optional ones).
        writer.start("testsuites")
        for (index, (result, cases)) in suites.enumerated() {
            let exercise = outcome.exercise(result.exerciseID)
            let chapter = exercise?.chapterID ?? "course"
            writer.start("testsuite")
            writer.attribute("name", "\(chapter).\(result.exerciseID)")
            writer.attribute("package", chapter)
            writer.attribute("id", String(index))
            writer.attribute("timestamp", isoTimestamp)
            writer.attribute("hostname", hostname)
            writer.attribute("tests", String(cases.count))
            writer.attribute("failures", String(cases.filter { $0.problem?.element == "failure" }.count))
            writer.attribute("errors", String(cases.filter { $0.problem?.element == "error" }.count))
            writer.attribute("skipped", "0")
            writer.attribute("time", seconds(result.duration))

            writer.start("properties")
            var properties: [(String, String)] = [
                ("exercise", result.exerciseID),
                ("title", exercise?.title ?? result.exerciseID),
                ("verdict", result.verdict.rawValue),
                ("points", String(result.pointsPossible)),
                ("points-earned", String(result.pointsEarned)),
                ("sources", outcome.plan.sources.rawValue),
                ("runs", String(result.runs)),
            ]
            if let problem = result.problem(in: language) { properties.append(("problem", problem)) }
            if let seed = result.seed { properties.append(("seed", String(seed))) }
            for (index, finding) in result.findings(in: language).enumerated() { properties.append(("finding-\(index + 1)", finding)) }
            for timing in result.timings { properties.append(("timing: \(timing.label)", timing.text(language))) }
            for (name, value) in properties {
                writer.start("property")
                writer.attribute("name", name)
                writer.attribute("value", value)
                writer.end()
            }
            writer.end()

            for testCase in cases {
                writer.start("testcase")
                writer.attribute("name", testCase.name)
                writer.attribute("classname", testCase.classname)
                writer.attribute("time", seconds(testCase.seconds))
                if let problem = testCase.problem {
                    writer.start(problem.element)
                    writer.attribute("type", problem.type)
                    writer.attribute("message", problem.message)
                    writer.text(problem.text)
                    writer.end()
                }
                writer.end()
            }
            writer.start("system-out")
            writer.text(result.outputTail)
            writer.end()
            writer.start("system-err")
            writer.text("")
            writer.end()
            writer.end()
        }
        writer.end()
    }

    private var words: Localizer { Localizer(language) }

    private func cases(for result: ExerciseResult) -> [Case] {
        let exercise = outcome.exercise(result.exerciseID)
        let classname = "\(exercise?.chapterID ?? "course").\(result.exerciseID)"
        if result.verdict == .compileError {
            let text = result.diagnostics.joined(separator: "\n\n")
            return [Case(name: "build", classname: classname, seconds: 0,
                         problem: ("error", "compile error", result.problem(in: language) ?? words[.reportDoesNotCompile], text))]
        }
        var cases = result.tests.map { test -> Case in
            let name = test.name
            switch test.outcome {
            case .passed:
                return Case(name: name, classname: test.suite, seconds: test.duration, problem: nil)
            case .failed:
                let first = test.failures.first
                let message = first.map { failure in failure.place.map { "\(failure.message) (\($0))" } ?? failure.message } ?? words.verdict(.failed)
                let text = test.failures.map { failure in failure.place.map { "\($0): \(failure.message)" } ?? failure.message }
                    .joined(separator: "\n")
                return Case(name: name, classname: test.suite, seconds: test.duration,
                            problem: ("failure", "expectation", message, text))
            case .interrupted:
                return Case(name: name, classname: test.suite, seconds: test.duration,
                            problem: ("error", result.verdict.rawValue, result.problem(in: language) ?? words[.junitInterrupted], result.outputTail))
            case .notRun:
                return Case(name: name, classname: test.suite, seconds: 0,
                            problem: ("error", "not run", words[.junitNotRun, ["reason": result.problem(in: language) ?? words[.junitEndedEarly]]], ""))
            }
        }
        if result.verdict == .dataRace || result.verdict == .deadlock {
            // The student's fault, so a failure (not an error), in a case of its own: the
            // tests themselves may all have passed.
            let name = result.verdict == .dataRace ? "race check" : "deadlock check"
            let text = ([result.problem(in: language)].compactMap { $0 } + result.findings(in: language)
                + (result.seed.map { [words[.reportReplay, ["command": "swift run grade \(result.exerciseID) --seed \($0)"]]] } ?? []))
                .joined(separator: "\n")
            cases.append(Case(name: name, classname: classname, seconds: 0,
                              problem: ("failure", result.verdict.rawValue, result.problem(in: language) ?? words.verdict(result.verdict), text)))
            return cases
        }
        if cases.isEmpty || (result.verdict != .passed && result.verdict != .failed && !result.tests.contains { $0.outcome == .interrupted || $0.outcome == .notRun }) {
            // Something went wrong that no test case shows (no tests ran, a bad exit status):
            // a case of its own, so CI does not show a green suite.
            cases.append(Case(name: "run", classname: classname, seconds: result.duration,
                              problem: ("error", result.verdict.rawValue, result.problem(in: language) ?? words.verdict(result.verdict), result.outputTail)))
        }
        return cases
    }

    private func seconds(_ value: Double) -> String {
        String(format: "%.3f", max(0, value))
    }

    private var isoTimestamp: String {
        var time = time_t(timestamp.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

func lastComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
