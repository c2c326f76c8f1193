/// Hostile: touches memory without end (a byte in every page, so it is really used), up to
/// 8 GiB (twice the grader's largest limit) so that a failed containment still ends by itself.
public func answer() -> Int {
    var blocks: [UnsafeMutableRawPointer] = []
    let block = 64 << 20
    for _ in 0..<(8 << 30) / block {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 4096)
        for page in stride(from: 0, to: block, by: 4096) { memory.storeBytes(of: 1, toByteOffset: page, as: UInt8.self) }
        blocks.append(memory)
    }
    return blocks.count
}
