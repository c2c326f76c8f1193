import Glibc

/// Hostile: a grandchild in a session of its own (`setsid`, out of the test's process group)
/// execs a shell with an empty environment (no run token): it writes its pid (as /proc names
/// it) to the scratch file escapee.pid, and two seconds later escapee.late, which a contained
/// run never lets it write. The arguments are made before the forks: a child of a
/// multi-threaded process only makes system calls.
public func answer() -> Int {
    let pidFile = scratch("escapee.pid")
    let script = "read -r pid rest < /proc/self/stat; echo $pid > \(pidFile); sleep 2; echo late > \(scratch("escapee.late"))"
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(script), nil]
    let environment: [UnsafeMutablePointer<CChar>?] = [nil]
    if fork() == 0 {
        setsid()
        if fork() == 0 {
            execve("/bin/sh", argv, environment)
            _exit(127)
        }
        _exit(0)
    }
    // The test ends once the shell has started (it wrote its pid), not before.
    var status = stat()
    while stat(pidFile, &status) != 0 || status.st_size == 0 { usleep(10_000) }
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
