import Multitasking

public let noodles = Lock(name: "noodles")
public let chopsticks = Lock(name: "chopsticks")

public func scientistA(between: () -> Void, eat: () -> Void) {
    noodles.withLock {
        between()
        chopsticks.withLock { eat() }
    }
}

public func scientistB(between: () -> Void, eat: () -> Void) {
    noodles.withLock {
        between()
        chopsticks.withLock { eat() }
    }
}
