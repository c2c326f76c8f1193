import Glibc

/// Hostile: leaves a child in the test's process group that sleeps forever and holds the test's
/// output pipe open. The child writes its pid (as /proc names it, also in a PID namespace) to
/// the scratch file sleeper.pid for the self-test, with system calls only into buffers made
/// before the fork, then waits.
public func answer() -> Int {
    let path = strdup(scratch("sleeper.pid"))!
    var link = [CChar](repeating: 0, count: 32)
    let child = link.withUnsafeMutableBufferPointer { buffer in
        let child = fork()
        if child == 0 {
            let length = readlink("/proc/self", buffer.baseAddress!, 31)
            buffer[length] = 10  // a newline
            let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            _ = write(file, buffer.baseAddress!, length + 1)
            close(file)
            while true { pause() }
        }
        return child
    }
    precondition(child > 0)
    var status = stat()
    while stat(path, &status) != 0 || status.st_size == 0 { usleep(10_000) }
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
