import CGrading
import Glibc

/// Runs a test program contained (see `Containment`): under a supervisor in namespaces and
/// control groups of its own where the machine allows, with the resource limits, its output
/// kept capped, and its end, timeout or excess reported as a `ChildProcess.Ending`. When it
/// returns, no process the test started is alive.
struct ContainedRun {
    var process: ChildProcess
    var limits: ResourceLimits
    var containment: Containment

    func run() throws(GradingError) -> ChildProcess.Outcome {
        let output = try Self.pipe(), records = try Self.pipe()
        let group = containment.controlGroups ? ControlGroup.create(tasks: limits.tasks, memoryBytes: limits.memoryBytes) : nil
        // A token in the environment marks every descendant, for the self-tests and for the
        // Ctrl-C handler outside a namespace (descendants that left the tree keep their environment).
        let token = "GRADING_RUN_TOKEN=\(UInt64.random(in: 1...UInt64.max))"
        let start = ContinuousClock.now
        let spawned: (pid: pid_t, namespaces: Int32)
        do {
            spawned = try spawn(output: output.write, records: records.write, group: group, token: token)
        } catch {
            [output.read, output.write, records.read, records.write].forEach { _ = close($0) }
            group?.remove()
            throw error
        }
        close(output.write)
        close(records.write)
        let supervisor = spawned.pid
        RunningChildren.shared.add(supervisor, token: token)
        defer { RunningChildren.shared.remove(supervisor) }

        var watch = Watch(supervisor: supervisor, group: group, limits: limits, outputLimit: process.outputLimit,
                          output: output.read, records: records.read)
        let deadline = start + process.timeout
        var ending: ChildProcess.Ending?
        var timeoutReport: Message?
        var nextSample = ContinuousClock.now
        while true {
            watch.readAvailable()
            if watch.testEnded || !watch.recordsOpen {
                if watch.drainUntil == nil { watch.drainUntil = .now + .milliseconds(200) }
                // A descendant holding the pipe open must not make the run wait for it.
                if !watch.outputOpen || ContinuousClock.now >= watch.drainUntil! { break }
                continue
            }
            if ContinuousClock.now >= nextSample {
                nextSample = .now + .milliseconds(100)
                if let exceeded = watch.exceededLimit() { ending = exceeded; break }
            }
            if ContinuousClock.now >= deadline {
                timeoutReport = watch.testPid.flatMap { process.onTimeout?($0) }
                ending = .timedOut
                break
            }
        }
        // A bomb whose test ended between two samples, a process the OOM killer ended: still a bomb.
        if ending == nil { ending = watch.exceededLimit() }

        end(supervisor: supervisor, namespaces: spawned.namespaces, group: group, token: token)
        stopIfInterrupted()
        close(output.read)
        close(records.read)
        if watch.namespacesRefused {
            // The kernel gave the namespaces but not the /proc of their own the run needs in
            // them: the next mechanism, for good.
            Containment.refuse(spawned.namespaces)
            return try run()
        }
        if let failure = watch.failure {
            throw GradingError("cannot start \(process.executable): \(failure)")
        }
        let seconds = (ContinuousClock.now - start).seconds
        return ChildProcess.Outcome(ending: ending ?? watch.testEnding, output: watch.output, seconds: seconds,
                                    timeoutReport: timeoutReport)
    }

    /// Starts the supervisor with the most namespaces the kernel allows.
    private func spawn(output: Int32, records: Int32, group: ControlGroup?, token: String) throws(GradingError) -> (pid: pid_t, namespaces: Int32) {
        let path = try Self.resolve(process.executable)
        let argv = ([process.executable] + process.arguments).map { strdup($0) } + [nil]
        let envp = process.environment.map { strdup("\($0.key)=\($0.value)") } + [strdup(token), nil]
        defer { (argv + envp).forEach { free($0) } }
        let cgroupFDs = group?.procsDescriptors ?? []
        var lastError: Int32 = 0
        for namespaces in containment.preferredNamespaces() {
            let kernelLimits = limits.kernelLimits(namespaces: namespaces, taskLimitedByControlGroup: group?.limitsTasks ?? false)
            let resources = kernelLimits.map { Int32($0.resource.rawValue) }
            let values = kernelLimits.map { Int64($0.value) }
            var error: Int32 = 0
            let pid = Self.withOptionalCString(process.readOnlyFolder) { readOnly in
              Self.withOptionalCString(process.writableFolder) { writable in
               path.withCString { path in
                process.workingDirectory.withCString { directory in
                    cgroupFDs.withUnsafeBufferPointer { cgroupFDs in
                        resources.withUnsafeBufferPointer { resources in
                            values.withUnsafeBufferPointer { values in
                                argv.withUnsafeBufferPointer { argv in
                                    envp.withUnsafeBufferPointer { envp in
                                        var request = grading_spawn_request(
                                            path: path, argv: argv.baseAddress, envp: envp.baseAddress, directory: directory,
                                            output_fd: output, records_fd: records,
                                            cgroup_fds: cgroupFDs.baseAddress, cgroup_count: Int32(cgroupFDs.count),
                                            limit_resources: resources.baseAddress, limit_values: values.baseAddress,
                                            limit_count: Int32(resources.count), namespaces: namespaces,
                                            uid: geteuid(), gid: getegid(),
                                            read_only_folder: readOnly, writable_folder: writable)
                                        return grading_spawn(&request, &error)
                                    }
                                }
                            }
                        }
                    }
                }
               }
              }
            }
            if pid > 0 { return (pid, namespaces) }
            lastError = error
            guard namespaces != Int32(GRADING_NAMESPACES_NONE), [EPERM, EINVAL, ENOSPC, EUSERS].contains(error) else { break }
            Containment.refuse(namespaces)
        }
        throw GradingError("cannot start \(process.executable): \(String(cString: strerror(lastError)))")
    }

    /// Kills the supervisor and with it everything the test started, and waits until they are
    /// gone, so that files they wrote are read only when nobody can write them any more.
    private func end(supervisor: pid_t, namespaces: Int32, group: ControlGroup?, token: String) {
        if namespaces == Int32(GRADING_NAMESPACES_NONE) {
            // Every orphan was reparented to the supervisor (a subreaper): the tree holds them all.
            let killed = ProcessTable.killTree(of: supervisor)
            for escaped in ProcessTable.carrying(token) { kill(escaped, SIGKILL) }
            var status: Int32 = 0
            waitpid(supervisor, &status, 0)
            ProcessTable.waitUntilGone(killed)
        } else {
            // The init of the namespace: the kernel kills every member and reaps them before
            // the supervisor's own end can be waited for.
            kill(supervisor, SIGKILL)
            var status: Int32 = 0
            waitpid(supervisor, &status, 0)
        }
        group?.killAll()
        group?.remove()
    }

    private static func withOptionalCString<Result>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }

    private static func pipe() throws(GradingError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard grading_pipe(&ends) == 0 else { throw GradingError("cannot create a pipe: \(errnoText())") }
        return (ends[0], ends[1])
    }

    /// The program's path, looked up in PATH like a shell when it has no slash.
    static func resolve(_ executable: String) throws(GradingError) -> String {
        if executable.contains("/") { return executable }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where access("\(folder)/\(executable)", X_OK) == 0 {
            return "\(folder)/\(executable)"
        }
        throw GradingError("cannot start \(executable): \(String(cString: strerror(ENOENT)))")
    }
}

/// What the grader learns while a contained test runs: its output, the supervisor's records,
/// and the counts that say whether it went beyond its limits.
private struct Watch {
    let supervisor: pid_t
    let group: ControlGroup?
    let limits: ResourceLimits
    var output: CappedOutput
    let outputDescriptor: Int32
    let recordsDescriptor: Int32
    var outputOpen = true
    var recordsOpen = true
    var testPid: pid_t?
    var testStatus: Int32?
    var failure: String?
    var namespacesRefused = false
    var drainUntil: ContinuousClock.Instant?
    private var pending: [UInt8] = []

    init(supervisor: pid_t, group: ControlGroup?, limits: ResourceLimits, outputLimit: Int, output: Int32, records: Int32) {
        self.supervisor = supervisor
        self.group = group
        self.limits = limits
        self.output = CappedOutput(limit: outputLimit)
        outputDescriptor = output
        recordsDescriptor = records
    }

    var testEnded: Bool { testStatus != nil || failure != nil }

    var testEnding: ChildProcess.Ending {
        // No status: the supervisor died before the test's end (killed with the whole run).
        guard let status = testStatus else { return .signaled(SIGKILL) }
        return status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
    }

    /// Reads what is there on both pipes, waiting at most 50 ms.
    mutating func readAvailable() {
        var descriptors = [pollfd]()
        if outputOpen { descriptors.append(pollfd(fd: outputDescriptor, events: Int16(POLLIN), revents: 0)) }
        if recordsOpen { descriptors.append(pollfd(fd: recordsDescriptor, events: Int16(POLLIN), revents: 0)) }
        guard !descriptors.isEmpty else { usleep(10_000); return }
        guard poll(&descriptors, nfds_t(descriptors.count), 50) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        for descriptor in descriptors where descriptor.revents != 0 {
            let count = read(descriptor.fd, &buffer, buffer.count)
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if descriptor.fd == outputDescriptor {
                if count > 0 { output.append(buffer[0..<count]) } else { outputOpen = false }
            } else {
                if count > 0 { received(buffer[0..<count]) } else { recordsOpen = false }
            }
        }
    }

    private mutating func received(_ bytes: ArraySlice<UInt8>) {
        pending += bytes
        let size = MemoryLayout<grading_record>.size
        while pending.count >= size {
            let record = pending.withUnsafeBytes { $0.loadUnaligned(as: grading_record.self) }
            pending.removeFirst(size)
            switch Int(record.kind) {
            case Int(GRADING_RECORD_TEST_PID): testPid = record.value
            case Int(GRADING_RECORD_TEST_STATUS): testStatus = record.value
            case Int(GRADING_RECORD_EXEC_FAILED): failure = String(cString: strerror(record.value))
            case Int(GRADING_RECORD_SETUP_FAILED): failure = "the test's supervisor could not set it up: \(String(cString: strerror(record.value)))"
            case Int(GRADING_RECORD_NAMESPACES_REFUSED):
                failure = "the test's supervisor could not mount its /proc: \(String(cString: strerror(record.value)))"
                namespacesRefused = true
            default: break
            }
        }
    }

    /// Too many tasks or too much memory, from the control group's counters where it limits
    /// them, else from a count of the supervisor's tree in /proc.
    func exceededLimit() -> ChildProcess.Ending? {
        let tasksByGroup = group?.limitsTasks ?? false, memoryByGroup = group?.limitsMemory ?? false
        if tasksByGroup, let group, group.refusedTasks { return .tooManyTasks(group.peakTasks ?? limits.tasks) }
        if memoryByGroup, let group, group.killedForMemory { return .outOfMemory(group.peakMemory ?? limits.memoryBytes) }
        guard !tasksByGroup || !memoryByGroup else { return nil }
        let usage = ProcessTable.usage(under: supervisor)
        if !tasksByGroup && usage.tasks >= limits.tasks { return .tooManyTasks(usage.tasks) }
        if !memoryByGroup && usage.residentBytes > limits.memoryBytes {
            let used = ProcessTable.proportionalBytes(under: supervisor)
            if used > limits.memoryBytes { return .outOfMemory(used) }
        }
        return nil
    }
}
