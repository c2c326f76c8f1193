public func half(_ a: Int) -> Int {
    return "not a number"
}
