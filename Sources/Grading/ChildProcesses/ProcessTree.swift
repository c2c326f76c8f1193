import Glibc

extension ProcessTable {
    /// Kills `root` and every process descended from it, wherever their process groups are.
    ///
    /// Why: killing a child's process group is not enough for a build. SwiftPM starts every
    /// compiler (`swiftc`, which starts `swift-frontend`) in a process group of its own, so
    /// after Ctrl-C killed the group of `swift build`, its compilers went on running, orphaned.
    /// Builds carry no run token to find them by (a token in their environment would change it
    /// on every run and cost a manifest evaluation, see `BuildEnvironment`), but they are still
    /// descendants. Each one found is stopped first, so none starts another process while the
    /// tree is read, then all are killed.
    @discardableResult
    static func killTree(of root: pid_t) -> Set<pid_t> {
        var found: Set<pid_t> = [root]
        kill(root, SIGSTOP)
        // Two reads in a row that find no one new: a process stopped in the middle of a fork
        // shows its child by the second.
        var quietReads = 0
        while quietReads < 2 {
            let newcomers = entries().filter { found.contains($0.parent) && !found.contains($0.pid) }.map(\.pid)
            for pid in newcomers {
                kill(pid, SIGSTOP)
                found.insert(pid)
            }
            quietReads = newcomers.isEmpty ? quietReads + 1 : 0
            if newcomers.isEmpty { usleep(1_000) }
        }
        for pid in found { kill(pid, SIGKILL) }
        return found
    }
}
