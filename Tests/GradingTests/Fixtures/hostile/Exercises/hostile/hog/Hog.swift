/// Hostile: allocates without bound (address space only, so the test is quick and the machine
/// is not pushed into swapping when the limit holds).
public func answer() -> Int {
    var blocks: [UnsafeMutableRawPointer] = []
    while true { blocks.append(UnsafeMutableRawPointer.allocate(byteCount: 1 << 30, alignment: 16)) }
}
