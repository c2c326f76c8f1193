public func double(_ a: Int) -> Int { a << 1 }
