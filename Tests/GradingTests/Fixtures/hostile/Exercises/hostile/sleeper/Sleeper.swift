import Glibc

/// Hostile: leaves a child in the test's process group that sleeps forever and holds the test's
/// output pipe open. The parent writes the child's pid to hostile-sleeper.pid in the working
/// directory for the self-test (the child does nothing after fork but wait).
public func answer() -> Int {
    let child = fork()
    if child == 0 {
        while true { pause() }
    }
    let file = fopen("hostile-sleeper.pid", "w")
    fputs("\(child)\n", file)
    fclose(file)
    return 42
}
