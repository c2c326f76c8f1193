public func double(_ a: Int) -> Int { a + a }
