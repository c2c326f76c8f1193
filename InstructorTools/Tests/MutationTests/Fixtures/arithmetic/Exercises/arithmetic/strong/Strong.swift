public func isAdult(_ age: Int) -> Bool {
    false
}

/// n, or 0 for a negative n.
public func clamp(_ n: Int) -> Int {
    n
}
