import Glibc

/// Hostile: fills the disk with a file in the working directory.
public func answer() -> Int {
    let descriptor = open("hostile-big-file.bin", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var block = [UInt8](repeating: 1, count: 1 << 20)
    for _ in 0..<1_024 { _ = write(descriptor, &block, block.count) }
    close(descriptor)
    return 42
}
