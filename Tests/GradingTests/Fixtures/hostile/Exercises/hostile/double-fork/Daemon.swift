import Glibc

/// Hostile: the classic daemon. A child forks a grandchild and exits at once, so the grandchild
/// is an orphan; the grandchild takes a process group of its own and another name, writes its
/// pid (as /proc names it) to the scratch file double-fork.pid and, two seconds later,
/// double-fork.late, which a contained run never lets it write. The children only make system
/// calls, into buffers made before the forks.
public func answer() -> Int {
    let pidFile = scratch("double-fork.pid")
    let (temporary, final, late) = (strdup(pidFile + ".tmp")!, strdup(pidFile)!, strdup(scratch("double-fork.late"))!)
    var link = [CChar](repeating: 0, count: 32)
    link.withUnsafeMutableBufferPointer { buffer in
        if fork() == 0 {
            if fork() == 0 {
                setpgid(0, 0)
                let name = open("/proc/self/comm", O_WRONLY)
                _ = write(name, "kworker/0:1", 11)
                close(name)
                let length = readlink("/proc/self", buffer.baseAddress!, 31)
                buffer[length] = 10  // a newline
                let file = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                _ = write(file, buffer.baseAddress!, length + 1)
                close(file)
                rename(temporary, final)
                sleep(2)
                close(open(late, O_WRONLY | O_CREAT, 0o644))
                _exit(0)
            }
            _exit(0)
        }
    }
    while access(pidFile, F_OK) != 0 { usleep(10_000) }
    return 42
}

/// `/tmp/hostile<the working directory with - for />-<name>`: a file outside the course, which
/// the test sees read-only, and apart from other copies of the fixture.
func scratch(_ name: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    _ = getcwd(&buffer, buffer.count)
    let folder = String(decoding: buffer.prefix { $0 != 0 }.map { $0 == 47 ? 45 : UInt8(bitPattern: $0) }, as: UTF8.self)
    return "/tmp/hostile" + folder + "-" + name
}
