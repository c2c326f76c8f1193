import Glibc

/// Hostile: leaves a daemon behind in a session of its own (out of the test's process group),
/// writing its pid where the self-test looks for it.
public func answer() -> Int {
    if fork() == 0 {
        setsid()
        if fork() == 0 {
            let file = fopen("/tmp/hostile-escapee.pid", "w")
            fputs("\(getpid())\n", file)
            fclose(file)
            sleep(120)
        }
        _exit(0)
    }
    return 42
}
