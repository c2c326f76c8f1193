import Glibc

/// Hostile under ThreadSanitizer only: the plain build passes (so the grader runs the race
/// check's sanitized build), the sanitized one touches memory without end, up to 8 GiB, like
/// the `hog` exercise.
public func answer() -> Int {
    guard dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil else { return 42 }
    var blocks: [UnsafeMutableRawPointer] = []
    let block = 64 << 20
    for _ in 0..<(8 << 30) / block {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 4096)
        for page in stride(from: 0, to: block, by: 4096) { memory.storeBytes(of: 1, toByteOffset: page, as: UInt8.self) }
        blocks.append(memory)
    }
    return blocks.count
}
