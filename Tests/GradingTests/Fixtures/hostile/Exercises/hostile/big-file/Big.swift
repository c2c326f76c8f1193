import Glibc

/// Hostile: fills the disk with a file (the scratch file big-file.bin: the course is read-only
/// for the test where the machine allows).
public func answer() -> Int {
    let descriptor = open(scratch("big-file.bin"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var block = [UInt8](repeating: 1, count: 1 << 20)
    for _ in 0..<1_024 { _ = write(descriptor, &block, block.count) }
    close(descriptor)
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
