import Foundation
import Glibc
import Synchronization

/// The kernel's control groups of one test run: the pids controller holds processes plus threads
/// to the limit (a fork refused beyond it, counted in `pids.events`), the memory controller holds
/// the memory of the test and everything it started together (beyond it the kernel's OOM killer
/// ends a process of the group, never one outside, counted in `oom_kill`), without swapping.
///
/// Why both cgroup versions: CI containers and older distributions mount v1 (one hierarchy per
/// controller), systemd machines v2 (one hierarchy). Creating a group needs write access to the
/// grader's own group, which root has on v1; on v2 a group whose processes live in it cannot
/// give controllers to sub-groups ("no internal processes"), so the grader first moves itself
/// into a leaf of its group. Where neither works the run has no group and `ContainedRun` falls
/// back to counting `/proc` (see `Containment`).
final class ControlGroup {
    /// The group's folders: v1 one per controller, v2 one.
    private let folders: [String]
    private let version: Int
    let limitsTasks: Bool
    let limitsMemory: Bool
    /// Open `cgroup.procs` files, for the supervisor to join before it starts the test.
    let procsDescriptors: [Int32]

    private init(folders: [String], version: Int, limitsTasks: Bool, limitsMemory: Bool) {
        self.folders = folders
        self.version = version
        self.limitsTasks = limitsTasks
        self.limitsMemory = limitsMemory
        procsDescriptors = folders.map { open($0 + "/cgroup.procs", O_WRONLY | O_CLOEXEC) }
    }

    /// A new group with `limits`, or nil where the machine gives none.
    static func create(tasks: Int, memoryBytes: Int) -> ControlGroup? {
        _ = sweptStaleGroups
        let name = "grading-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if let parents = ControlGroupMounts.current.version1 {
            var folders: [String] = []
            var tasksLimited = false, memoryLimited = false
            if let pids = parents.pids, mkdir(pids + "/" + name, 0o755) == 0 {
                folders.append(pids + "/" + name)
                tasksLimited = write("\(tasks)", to: pids + "/" + name + "/pids.max")
            }
            if let memory = parents.memory, mkdir(memory + "/" + name, 0o755) == 0 {
                let folder = memory + "/" + name
                folders.append(folder)
                memoryLimited = write("\(memoryBytes)", to: folder + "/memory.limit_in_bytes")
                // No swapping: with swap the group would slow the machine down before its limit.
                _ = write("\(memoryBytes)", to: folder + "/memory.memsw.limit_in_bytes")
                _ = write("0", to: folder + "/memory.swappiness")
            }
            guard !folders.isEmpty else { return nil }
            let group = ControlGroup(folders: folders, version: 1, limitsTasks: tasksLimited, limitsMemory: memoryLimited)
            guard group.procsDescriptors.allSatisfy({ $0 >= 0 }) else { group.remove(); return nil }
            return group
        }
        if let parent = ControlGroupMounts.current.version2Parent() {
            let folder = parent + "/" + name
            guard mkdir(folder, 0o755) == 0 else { return nil }
            let tasksLimited = write("\(tasks)", to: folder + "/pids.max")
            let memoryLimited = write("\(memoryBytes)", to: folder + "/memory.max")
            _ = write("0", to: folder + "/memory.swap.max")
            let group = ControlGroup(folders: [folder], version: 2, limitsTasks: tasksLimited, limitsMemory: memoryLimited)
            guard group.procsDescriptors.allSatisfy({ $0 >= 0 }) else { group.remove(); return nil }
            return group
        }
        return nil
    }

    /// Removes, once per grader, the groups of graders that were killed before they could (empty
    /// by then: their processes died with their supervisors).
    private static let sweptStaleGroups: Void = {
        let mounts = ControlGroupMounts.current
        for parent in [mounts.version1?.pids, mounts.version1?.memory, mounts.version2].compactMap({ $0 }) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix("grading-") {
                let owner = name.split(separator: "-").dropFirst().first.flatMap { pid_t($0) }
                if let owner, kill(owner, 0) != 0 && errno == ESRCH { rmdir(parent + "/" + name) }
            }
        }
    }()

    /// Whether a fork or thread was refused for the pids limit.
    var refusedTasks: Bool { (counter("max", in: "pids.events") ?? 0) > 0 }

    /// The most processes plus threads the group had at once (the limit where the kernel does
    /// not keep the figure).
    var peakTasks: Int? {
        guard let folder = folder(with: "pids.max") else { return nil }
        return number(folder + "/pids.peak") ?? number(folder + "/pids.max")
    }

    /// Whether the kernel's OOM killer ended a process of the group.
    var killedForMemory: Bool {
        (counter("oom_kill", in: version == 1 ? "memory.oom_control" : "memory.events") ?? 0) > 0
    }

    /// The most memory the group used at once.
    var peakMemory: Int? {
        if version == 1 { return folder(with: "memory.max_usage_in_bytes").flatMap { number($0 + "/memory.max_usage_in_bytes") } }
        return folder(with: "memory.peak").flatMap { number($0 + "/memory.peak") } ?? folder(with: "memory.max").flatMap { number($0 + "/memory.max") }
    }

    /// Kills every process of the group: at once with `cgroup.kill` (v2, Linux 5.14), else one by
    /// one until none is left (the pids limit bounds how many a bomb can start meanwhile).
    func killAll(limit: Duration = .seconds(2)) {
        for folder in folders where access(folder + "/cgroup.kill", W_OK) == 0 {
            _ = Self.write("1", to: folder + "/cgroup.kill")
        }
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let members = folders.flatMap(Self.members)
            if members.isEmpty { return }
            for pid in members { kill(pid, SIGKILL) }
            usleep(2_000)
        }
    }

    /// Removes the group (empty by then: `killAll` first).
    func remove() {
        for descriptor in procsDescriptors where descriptor >= 0 { close(descriptor) }
        for folder in folders {
            // A killed process leaves the group a moment after it died.
            let deadline = ContinuousClock.now + .seconds(2)
            while rmdir(folder) != 0 && errno == EBUSY && ContinuousClock.now < deadline { usleep(5_000) }
        }
    }

    private static func members(of folder: String) -> [pid_t] {
        let text = (try? String(contentsOfFile: folder + "/cgroup.procs", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { pid_t($0) }
    }

    private func folder(with file: String) -> String? {
        folders.first { access($0 + "/" + file, R_OK) == 0 }
    }

    /// `name value` lines of `file` (pids.events, memory.oom_control, memory.events).
    private func counter(_ name: String, in file: String) -> Int? {
        guard let folder = folder(with: file), let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == name { return Int(fields[1]) }
        }
        return nil
    }

    private func number(_ path: String) -> Int? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    static func write(_ text: String, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return text.withCString { Glibc.write(descriptor, $0, strlen($0)) } == text.utf8.count
    }

    private func write(_ text: String, to path: String) -> Bool { Self.write(text, to: path) }
}

/// Where the grader's own control groups are, read once from /proc/self/cgroup and
/// /proc/self/mountinfo.
struct ControlGroupMounts: Sendable {
    /// v1: the grader's group in the pids and the memory hierarchy, where they are mounted and
    /// writable.
    var version1: (pids: String?, memory: String?)?
    /// v2: the grader's group, if the unified hierarchy has the pids and memory controllers.
    var version2: String?

    static let current = ControlGroupMounts()

    init() {
        let membership = (try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)) ?? ""
        let mounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        var paths: [String: String] = [:]  // controller ("" for v2) -> path in its hierarchy
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            for controller in fields[1].split(separator: ",", omittingEmptySubsequences: false) {
                paths[String(controller)] = String(fields[2])
            }
        }
        var pids: String?, memory: String?
        for line in mounts.split(separator: "\n") {
            // "id parent major:minor root mount-point options ... - type source super-options"
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2 else { continue }
            let left = halves[0].split(separator: " "), right = halves[1].split(separator: " ")
            guard left.count >= 5, right.count >= 3 else { continue }
            let root = String(left[3]), point = String(left[4])
            func folder(_ path: String?) -> String? {
                guard let path else { return nil }
                let inside = root == "/" ? path : path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
                let full = point + (inside == "/" ? "" : inside)
                return access(full, W_OK) == 0 ? full : nil
            }
            if right[0] == "cgroup" {
                let options = right[2].split(separator: ",")
                if options.contains("pids") { pids = folder(paths["pids"]) }
                if options.contains("memory") { memory = folder(paths["memory"]) }
            } else if right[0] == "cgroup2", let own = folder(paths[""]) {
                let controllers = (try? String(contentsOfFile: own + "/cgroup.controllers", encoding: .utf8)) ?? ""
                let offered = controllers.split(whereSeparator: \.isWhitespace)
                if offered.contains("pids") && offered.contains("memory") { version2 = own }
            }
        }
        if pids != nil || memory != nil { version1 = (pids, memory) }
    }

    /// v2: the folder under which run groups get the pids and memory controllers. The grader
    /// moves itself into a leaf `grader` of its group first, then enables the controllers for
    /// the sub-groups; nil if the kernel refuses either step.
    func version2Parent() -> String? {
        guard let own = version2 else { return nil }
        return Self.preparedVersion2.withLock { prepared in
            if let prepared { return prepared.isEmpty ? nil : prepared }
            var ready = ControlGroup.write("+pids +memory", to: own + "/cgroup.subtree_control")
            if !ready {
                let leaf = own + "/grader"
                _ = mkdir(leaf, 0o755)
                ready = ControlGroup.write("0", to: leaf + "/cgroup.procs")
                    && ControlGroup.write("+pids +memory", to: own + "/cgroup.subtree_control")
            }
            prepared = ready ? own : ""
            return ready ? own : nil
        }
    }

    private static let preparedVersion2 = Mutex<String?>(nil)
}
