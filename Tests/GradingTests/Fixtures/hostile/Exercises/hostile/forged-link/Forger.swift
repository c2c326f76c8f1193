import Glibc

/// Hostile: swaps its Swift Testing event stream (the path follows --event-stream-output-path in
/// its arguments) for a symbolic link to a file of its own.
public func answer() -> Int {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--event-stream-output-path"), index + 1 < arguments.count {
        let path = arguments[index + 1]
        let forged = path + ".forged"
        if let file = fopen(forged, "w") {
            fputs("{}\n", file)
            fclose(file)
        }
        unlink(path)
        symlink(forged, path)
    }
    return 42
}
