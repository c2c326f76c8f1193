import Multitasking

public let noodles = Lock(name: "noodles")
public let chopsticks = Lock(name: "chopsticks")

/// `between` runs after the first lock is taken (the test uses it to line the threads up).
public func scientistA(between: () -> Void, eat: () -> Void) {
    noodles.withLock {
        between()
        chopsticks.withLock { eat() }
    }
}

/// Known wrong: the opposite order of scientist A.
public func scientistB(between: () -> Void, eat: () -> Void) {
    chopsticks.withLock {
        between()
        noodles.withLock { eat() }
    }
}
