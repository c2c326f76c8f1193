public func total(_ a: Int, _ b: Int) -> Int {
    a + b
}

public func greeting(_ name: String) -> String {
    "hi " + name
}

public func half(_ n: Int) -> Int {
    n / 2
}
