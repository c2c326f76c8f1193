public func element(_ values: [Int], at index: Int) -> Int {
    print("about to read index \(index)")
    return values[index]
}
