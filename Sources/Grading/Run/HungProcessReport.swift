import Foundation

/// What the threads of a hung test process were doing when its time ran out: for each thread
/// its name and the frames in the course's own files (the student's exercise, the suite), read
/// with gdb when it is installed and allowed to attach; otherwise each thread's name and
/// kernel state from /proc, which needs no permission.
struct HungProcessReport {
    var root: String
    var gdb = "/usr/bin/gdb"

    func describe(_ pid: pid_t) -> Message? {
        stacks(pid) ?? threadStates(pid)
    }

    /// `thread 'worker-1': RacyCounter.swift:12 in increment() <- ...`, one line per thread.
    private func stacks(_ pid: pid_t) -> Message? {
        guard access(gdb, X_OK) == 0 else { return nil }
        let process = ChildProcess(
            executable: gdb,
            arguments: ["-p", String(pid), "-batch", "-nx", "-ex", "set pagination off", "-ex", "thread apply all bt"],
            environment: ProcessInfo.processInfo.environment, workingDirectory: "/",
            timeout: .seconds(20), outputLimit: 2 * 1024 * 1024)
        guard let outcome = try? process.run() else { return nil }
        let threads = Self.parseBacktraces(outcome.output.text, root: root)
        guard !threads.isEmpty else { return nil }
        let symbols = Array(Set(threads.flatMap { $0.frames.map(\.function) }.filter { $0.hasPrefix("$s") }))
        let names = symbols.isEmpty ? [:] : SwiftDemangler.demangle(symbols)
        var lines = [Message(.hungThreads)]
        for thread in threads where !thread.frames.isEmpty {
            let frames = thread.frames.prefix(4).map { frame in
                Message(.hungFrame, ["place": .verbatim(frame.place), "function": .verbatim(names[frame.function] ?? frame.function)])
            }
            lines.append(Message(.hungThread, ["name": .verbatim(thread.name), "frames": .joined(frames, separator: " <- ")]))
        }
        let others = threads.filter(\.frames.isEmpty).count
        if others > 0 { lines.append(Message(others == 1 ? .hungOtherThread : .hungOtherThreads, ["count": "\(others)"])) }
        return .joined(lines, separator: "\n")
    }

    struct ThreadStack: Equatable {
        struct Frame: Equatable {
            var function: String
            var place: String
        }
        var name: String
        var frames: [Frame]
    }

    /// Threads of gdb's `thread apply all bt` output, keeping the frames in the course's files.
    static func parseBacktraces(_ text: String, root: String) -> [ThreadStack] {
        let course = CourseRoot(root)
        var threads: [ThreadStack] = []
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Thread ") {
                // Thread 2 (Thread 0x7f... (LWP 1234) "worker-1"):
                var name = "?"
                if let close = line.lastIndex(of: "\""), let open = line[..<close].lastIndex(of: "\"") {
                    name = String(line[line.index(after: open)..<close])
                }
                threads.append(ThreadStack(name: name, frames: []))
            } else if line.hasPrefix("#"), !threads.isEmpty, let at = line.range(of: " at ", options: .backwards) {
                let place = String(line[at.upperBound...])
                guard course.isOwnFile(place) else { continue }
                let words = line.split(separator: " ")
                let function = words.firstIndex(of: "in").flatMap { words.indices.contains($0 + 1) ? String(words[$0 + 1]) : nil }
                    ?? String(words.count > 1 ? words[1] : "?")
                threads[threads.count - 1].frames.append(ThreadStack.Frame(function: function, place: course.relative(place)))
            }
        }
        return threads
    }

    /// `thread 'worker-1' (1234): sleeping in futex_wait_queue`, from /proc.
    private func threadStates(_ pid: pid_t) -> Message? {
        let tasks = "/proc/\(pid)/task"
        guard let ids = try? FileManager.default.contentsOfDirectory(atPath: tasks), !ids.isEmpty else { return nil }
        var lines = [Message(.hungThreadsNoStacks)]
        for id in ids.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }) {
            let name = read("\(tasks)/\(id)/comm") ?? "?"
            let state = read("\(tasks)/\(id)/stat").flatMap(Self.state(fromStat:)) ?? "?"
            let channel = read("\(tasks)/\(id)/wchan").flatMap { $0 == "0" || $0.isEmpty ? nil : $0 }
            lines.append(Message(.hungThreadState, [
                "name": .verbatim(name), "id": .verbatim(id), "state": state,
                "channel": channel.map { Message(.hungChannel, ["channel": .verbatim($0)]) } ?? .empty,
            ]))
        }
        return .joined(lines, separator: "\n")
    }

    /// The state letter of /proc/<pid>/stat in words ("R" running, "S" sleeping, ...).
    static func state(fromStat stat: String) -> Message? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let letter = stat[stat.index(after: close)...].trimmingSpaces().first
        let words: [Character: MessageKey] = ["R": .stateRunning, "S": .stateSleeping, "D": .stateWaitingForIO, "T": .stateStopped, "Z": .stateZombie, "t": .stateStopped]
        return letter.map { letter in words[letter].map { Message($0) } ?? .verbatim(String(letter)) }
    }

    private func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingSpaces()
    }
}
