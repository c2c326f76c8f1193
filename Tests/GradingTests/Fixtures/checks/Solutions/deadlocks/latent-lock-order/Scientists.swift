import Multitasking

public let noodles = Lock(name: "noodles")
public let chopsticks = Lock(name: "chopsticks")

public func scientistA(eat: () -> Void) {
    noodles.withLock { chopsticks.withLock { eat() } }
}

public func scientistB(eat: () -> Void) {
    noodles.withLock { chopsticks.withLock { eat() } }
}
