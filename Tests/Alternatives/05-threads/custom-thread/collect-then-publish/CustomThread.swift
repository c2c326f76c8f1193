import Multitasking

public final class CountdownThread: Thread, @unchecked Sendable {
    public let from: Int
    public let pause: Duration
    public private(set) var numbers: [Int] = []
    public private(set) var ranOn: String?

    public init(name: String, from: Int, pause: Duration = .milliseconds(10)) {
        self.from = from
        self.pause = pause
        super.init(name: name)
    }

    public override func run() throws {
        ranOn = currentThread().name
        var counted: [Int] = []
        var number = from
        while number > 0 {
            counted.append(number)
            numbers = counted
            Thread.sleep(for: pause)
            number -= 1
        }
    }
}

public func runCountdowns(_ countdowns: [CountdownThread]) throws {
    try countdowns.forEach { try $0.start() }
    try countdowns.forEach { try $0.join() }
}
