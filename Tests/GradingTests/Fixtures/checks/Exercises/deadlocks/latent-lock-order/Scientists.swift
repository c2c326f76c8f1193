import Multitasking

public let noodles = Lock(name: "noodles")
public let chopsticks = Lock(name: "chopsticks")

public func scientistA(eat: () -> Void) {
    noodles.withLock { chopsticks.withLock { eat() } }
}

/// Known wrong: the opposite order of scientist A.
public func scientistB(eat: () -> Void) {
    chopsticks.withLock { noodles.withLock { eat() } }
}
