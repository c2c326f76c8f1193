public func isAdult(_ age: Int) -> Bool {
    age >= 18
}

/// n, or 0 for a negative n.
public func clamp(_ n: Int) -> Int {
    n < 0 ? 0 : n
}
