import Multitasking

public final class Tally: @unchecked Sendable {
    public let lock = Lock(name: "tally")
    public var value = 0

    public init() {}
}

public func addOnes(to tally: Tally, times: Int) {
    var sum = 0
    for _ in 0..<times { sum += 1 }
    tally.lock.withLock { tally.value += sum }
}
