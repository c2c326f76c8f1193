public func element(_ values: [Int], at index: Int) -> Int {
    values.indices.contains(index) ? values[index] : -1
}
